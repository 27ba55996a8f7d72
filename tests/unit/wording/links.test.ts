import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodePermalink, emptyVariant, encodePermalink, parseScenarioFile, PermalinkError, ScenarioFileError, serializeScenarioFile, withTemplate, type PermalinkState } from '../../../src/core/index.ts';

const STATE: PermalinkState = {
  v: 2,
  requirements: 'a>=2\n',
  format: 'requirements.txt',
  target: { python: '3.12', os: 'linux', arch: 'x86_64', implementation: 'cpython' },
  policy: 'pip',
  prereleases: false,
  scenario: { kind: 'bundled', id: 'direct-clash' },
};
const VARIANT = withTemplate(emptyVariant('short-pip', 'Short pip'), 'pip', 'conflict.caused', 'Because:');

describe('a wording variant in a permalink', () => {
  it('travels with the link and comes back the same', () => {
    const back = decodePermalink(encodePermalink({ ...STATE, wording: VARIANT }));
    expect(back.wording).toEqual(VARIANT);
  });

  it('is optional: a link without one (all links made before) reads as before', () => {
    const back = decodePermalink(encodePermalink(STATE));
    expect(back).toEqual(STATE);
    expect('wording' in back).toBe(false);
  });

  it('is refused with the path of the bad template', () => {
    const bad = { ...VARIANT, templates: { pip: { 'conflict.head': 'Cannot {install}' } } };
    try {
      encodePermalink({ ...STATE, wording: bad });
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(PermalinkError);
      expect((error as PermalinkError).path).toBe('wording.templates.pip.conflict.head');
    }
  });
});

describe('a wording variant in a scenario file', () => {
  const file = JSON.parse(readFileSync(fileURLToPath(new URL('../../../public/scenarios/direct-clash.json', import.meta.url)), 'utf8')) as Record<string, unknown>;

  it('is written after the index and read back', () => {
    const text = serializeScenarioFile(parseScenarioFile(JSON.stringify({ ...file, wording: VARIANT })));
    expect(text.indexOf('"wording"')).toBeGreaterThan(text.indexOf('"index"'));
    expect(parseScenarioFile(text).wording).toEqual(VARIANT);
  });

  it('is optional, and a bad one is refused where it is wrong', () => {
    expect(parseScenarioFile(JSON.stringify(file)).wording).toBeUndefined();
    expect(() => parseScenarioFile(JSON.stringify({ ...file, wording: { ...VARIANT, id: 'Bad Id' } }))).toThrow(ScenarioFileError);
    expect(() => parseScenarioFile(JSON.stringify({ ...file, wording: { ...VARIANT, id: 'Bad Id' } }))).toThrow(/^wording\.id: /);
  });
});
