import { describe, expect, it } from 'vitest';
import { assign, latinSquare, orderSteps, parseStudy, type Study } from '../../../src/core/index.ts';
import { studyJson } from './fixtures.ts';

function studyWith(rollouts: number[]): Study {
  const json = studyJson();
  json.conditions = rollouts.map((rollout, i) => ({ name: `c${i}`, rollout }));
  return parseStudy(json);
}

describe('assignment', () => {
  it('is stable: the same participant always gets the same condition and order', () => {
    const study = parseStudy(studyJson());
    for (const id of ['P01', 'alice@example.org', 'x'.repeat(200)]) expect(assign(study, id)).toEqual(assign(study, id));
  });

  it('depends on the study as well as the participant', () => {
    const a = parseStudy(studyJson());
    const b = parseStudy({ ...studyJson(), id: 'another-study' });
    const differs = Array.from({ length: 200 }, (_, i) => `p${i}`).filter((p) => assign(a, p).bucket !== assign(b, p).bucket);
    expect(differs.length).toBeGreaterThan(190);
  });

  it.each([[[50, 50]], [[10, 90]], [[20, 30, 50]], [[33.3, 33.3, 33.4]], [[5, 0, 95]]])('splits 10,000 ids within 2 points of the rollout %j', (rollouts) => {
    const study = studyWith(rollouts);
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const { condition } = assign(study, `participant-${i}`);
      counts.set(condition, (counts.get(condition) ?? 0) + 1);
    }
    rollouts.forEach((rollout, i) => {
      const share = ((counts.get(`c${i}`) ?? 0) / 10_000) * 100;
      expect(Math.abs(share - rollout)).toBeLessThanOrEqual(2);
    });
    rollouts.forEach((rollout, i) => {
      if (rollout === 0) expect(counts.has(`c${i}`)).toBe(false);
    });
  });

  it('takes a URL override and records it as one', () => {
    const study = parseStudy(studyJson());
    const natural = assign(study, 'P01').condition;
    const other = study.conditions.find((c) => c.name !== natural)!.name;
    expect(assign(study, 'P01', { override: other })).toMatchObject({ condition: other, source: 'override' });
    expect(() => assign(study, 'P01', { override: 'nope' })).toThrow(/no condition “nope”/);
  });
});

describe('Latin square', () => {
  it.each([1, 2, 3, 4, 5, 6])('over %i tasks: each task once per row and once per position per square', (n) => {
    const rows = latinSquare(n);
    expect(rows.length).toBe(n % 2 === 0 ? n : 2 * n);
    for (const row of rows) expect([...row].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    for (let position = 0; position < n; position++) {
      const column = rows.slice(0, n).map((r) => r[position]);
      expect(new Set(column).size).toBe(n);
    }
  });

  it.each([2, 3, 4, 5, 6])('over %i tasks: each ordered pair of neighbours equally often (balanced)', (n) => {
    const pairs = new Map<string, number>();
    for (const row of latinSquare(n)) for (let i = 0; i + 1 < n; i++) pairs.set(`${row[i]}>${row[i + 1]}`, (pairs.get(`${row[i]}>${row[i + 1]}`) ?? 0) + 1);
    expect(pairs.size).toBe(n * (n - 1));
    expect(new Set(pairs.values()).size).toBe(1);
  });

  it('permutes tasks only: questions keep their places', () => {
    const study = parseStudy(studyJson());
    expect(orderSteps(study, 0)).toEqual(['fix-numpy', 'name-click', 'python-experience']);
    expect(orderSteps(study, 1)).toEqual(['name-click', 'fix-numpy', 'python-experience']);
    expect(orderSteps(study, null)).toEqual(['fix-numpy', 'name-click', 'python-experience']);
  });

  it('goes round the rows in turn when a server counts participants', () => {
    const study = parseStudy(studyJson());
    const rows = [0, 1, 2, 3].map((ordinal) => assign(study, `p${ordinal}`, { ordinal }).orderRow);
    expect(rows).toEqual([0, 1, 0, 1]);
  });
});
