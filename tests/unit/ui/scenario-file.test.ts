import { describe, expect, it } from 'vitest';
import { readScenarioList, scenarioListText, slugId, toScenarioFile, ScenarioFileError } from '../../../src/cache/scenario-file.ts';
import type { ScenarioRecord } from '../../../src/cache/schema.ts';

const record: ScenarioRecord = {
  id: 'user:abc',
  title: 'My Flask case!',
  kind: '',
  description: 'why it fails',
  requirements: '[project]\ndependencies = ["flask<2", "click>=8"]\n',
  format: 'pyproject',
  target: { python: '3.11', os: 'linux', arch: 'x86_64', implementation: 'cpython' },
  options: { policy: 'pip', prereleases: false },
  indexId: 'authored:1',
  origin: 'user',
  updatedAt: '2024-01-01T00:00:00Z',
};
const snapshot = { format: 'index-snapshot/1', projects: { flask: { versions: { '1.0': { requires_dist: [] } } } } };

describe('user scenario files', () => {
  it('round-trips through pipette-scenarios/1, pyproject text as requirement lines', () => {
    const [read] = readScenarioList(JSON.parse(scenarioListText([toScenarioFile(record, snapshot)])));
    expect(read!.scenario.id).toBe('my-flask-case');
    expect(read!.scenario.requirements).toBe('flask<2\nclick>=8\n');
    expect(read!.scenario.target.python).toBe('3.11');
    expect(read!.loaded.index.projects.has('flask')).toBe(true);
  });

  it('says which scenario and field is wrong', () => {
    const file = { format: 'pipette-scenarios/1', scenarios: [{ ...toScenarioFile(record, snapshot), options: { policy: 'poetry' } }] };
    expect(() => readScenarioList(file)).toThrow(ScenarioFileError);
    expect(() => readScenarioList(file)).toThrow(/scenarios\[0\]\.options\.policy/);
  });

  it.each([
    ['My Flask case!', 'my-flask-case'],
    ['  --  ', 'my-scenario'],
    ['Ünïcode ok', 'n-code-ok'],
  ])('slugId(%j) = %j', (title, id) => {
    expect(slugId(title)).toBe(id);
  });
});
