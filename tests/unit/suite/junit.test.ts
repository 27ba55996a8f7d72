/**
 * JUnit XML in the shape CI tools read (Jenkins' junit plugin, GitLab, GitHub test reporters):
 * testsuites › testsuite (name, tests, failures, errors, skipped, time) › testcase (name,
 * classname, time) with at most one failure, error or skipped. Also CSV and JSON.
 */
import { describe, expect, it } from 'vitest';
import { combinationId, toCsv, toJUnit, toRunJson, type Cell, type Combination, type RunReport } from '../../../src/core/index.ts';
import { parseXml, type XmlElement } from '../../support/xml.ts';

const A: Combination = { engine: 'pubgrub', policy: 'uv', python: null, platform: null };
const B: Combination = { engine: 'legacy', policy: 'pip', python: '3.8', platform: 'windows' };
const HOSTILE = 'a"b<c>&d\u0001]]>\ne\'';

function cell(scenario: string, combination: Combination, fields: Partial<Cell>): Cell {
  return { scenario, combination: combinationId(combination), status: 'pass', verdict: 'solved', packages: { a: '1.0' }, ms: 12.5, message: 'solved: a==1.0', expectation: 'packse', ...fields };
}

const REPORT: RunReport = {
  suiteTitle: 'packse',
  combinations: [A, B],
  scenarios: [
    { id: 'yanked/one.toml', name: 'one', category: 'yanked' },
    { id: 'wheels/two.toml', name: HOSTILE, category: 'wheels' },
    { id: 'fork/three.toml', name: 'three', category: 'fork' },
  ],
  cells: [
    cell('yanked/one.toml', A, {}),
    cell('wheels/two.toml', A, { status: 'fail', verdict: 'no-solution', packages: null, message: `packse expects a solution; ${HOSTILE}` }),
    cell('fork/three.toml', A, { status: 'skipped', verdict: null, packages: null, ms: 0, message: 'a universal lock' }),
    cell('yanked/one.toml', B, { status: 'error', verdict: null, packages: null, ms: 0, message: 'the legacy engine is not available in this build' }),
    cell('wheels/two.toml', B, { status: 'differs', message: 'another install set than packse expects: a 2.0 expected, got 1.0' }),
    // fork/three.toml × B never ran (a cancelled run).
  ],
  timestamp: '2026-12-03T01:02:03.456Z',
};

function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The checks a CI reader makes; returns what is wrong. */
function junitProblems(root: XmlElement): string[] {
  const problems: string[] = [];
  const number = /^\d+(\.\d+)?$/;
  if (root.name !== 'testsuites') problems.push(`root is <${root.name}>`);
  for (const suite of root.children) {
    if (suite.name !== 'testsuite') problems.push(`<${suite.name}> under testsuites`);
    for (const attr of ['name', 'tests', 'failures', 'errors', 'skipped', 'time', 'timestamp']) if (!(attr in suite.attributes)) problems.push(`testsuite without ${attr}`);
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(suite.attributes.timestamp ?? '')) problems.push(`timestamp ${suite.attributes.timestamp} is not ISO 8601 without zone`);
    const cases = children(suite, 'testcase');
    const count = (kind: string) => cases.filter((c) => children(c, kind).length > 0).length;
    if (Number(suite.attributes.tests) !== cases.length) problems.push(`tests=${suite.attributes.tests} but ${cases.length} testcases`);
    if (Number(suite.attributes.failures) !== count('failure')) problems.push('failures count');
    if (Number(suite.attributes.errors) !== count('error')) problems.push('errors count');
    if (Number(suite.attributes.skipped) !== count('skipped')) problems.push('skipped count');
    for (const child of suite.children) if (!['testcase', 'properties', 'system-out', 'system-err'].includes(child.name)) problems.push(`<${child.name}> in testsuite`);
    for (const c of cases) {
      for (const attr of ['name', 'classname', 'time']) if (!(attr in c.attributes)) problems.push(`testcase without ${attr}`);
      if (!number.test(c.attributes.time ?? '')) problems.push(`time ${c.attributes.time}`);
      const outcome = c.children.filter((x) => ['failure', 'error', 'skipped'].includes(x.name));
      if (outcome.length > 1) problems.push('more than one outcome in a testcase');
      for (const x of c.children) if (!['failure', 'error', 'skipped', 'system-out', 'system-err'].includes(x.name)) problems.push(`<${x.name}> in testcase`);
      for (const x of outcome) if (x.name !== 'skipped' && !('message' in x.attributes)) problems.push(`${x.name} without message`);
    }
  }
  return problems;
}

describe('JUnit XML', () => {
  const xml = toJUnit(REPORT);
  const root = parseXml(xml);

  it('has the shape CI tools read', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(junitProblems(root)).toEqual([]);
  });

  it('is one testsuite per combination and one testcase per scenario, failures with messages', () => {
    const [a, b] = children(root, 'testsuite') as [XmlElement, XmlElement];
    expect(children(root, 'testsuite')).toHaveLength(2);
    expect(a.attributes).toMatchObject({ name: 'packse — PubGrub · uv rules', tests: '3', failures: '1', errors: '0', skipped: '1', time: '0.025', timestamp: '2026-12-03T01:02:03' });
    expect(b.attributes).toMatchObject({ tests: '3', failures: '1', errors: '1', skipped: '1' });
    expect(root.attributes).toMatchObject({ tests: '6', failures: '2', errors: '1', skipped: '2' });
    const failing = children(a, 'testcase')[1]!;
    expect(failing.attributes.classname).toBe('packse.wheels');
    // Hostile text arrives intact but for the one character XML 1.0 can't carry.
    expect(failing.attributes.name).toBe(HOSTILE.replace('\u0001', '\uFFFD'));
    const failure = children(failing, 'failure')[0]!;
    expect(failure.attributes.message).toBe(`packse expects a solution; ${HOSTILE.replace('\u0001', '\uFFFD')}`);
    expect(failure.attributes.type).toBe('WrongVerdict');
    expect(failure.text).toContain('[expectation: packse]');
    expect(children(children(b, 'testcase')[0]!, 'error')[0]!.attributes.message).toBe('the legacy engine is not available in this build');
    expect(children(children(b, 'testcase')[1]!, 'failure')[0]!.attributes.type).toBe('DiffersFromExpected');
    expect(children(children(b, 'testcase')[2]!, 'skipped')[0]!.attributes.message).toMatch(/not run/);
    const props = children(children(b, 'properties')[0]!, 'property').map((p) => [p.attributes.name, p.attributes.value]);
    expect(props).toEqual([['engine', 'legacy'], ['policy', 'pip'], ['python', '3.8'], ['platform', 'windows']]);
  });

  it('the checker itself catches a broken report', () => {
    expect(junitProblems(parseXml(xml.replace('failures="1"', 'failures="7"')))).toContain('failures count');
    expect(() => parseXml(xml.replace('</testcase>', ''))).toThrow();
    expect(() => parseXml('<testsuites><testsuite name="a & b"/></testsuites>')).toThrow(/bare &/);
  });
});

describe('CSV and JSON', () => {
  it('writes one quoted row per cell, formulas defused', () => {
    const csv = toCsv({ ...REPORT, cells: [...REPORT.cells, cell('yanked/one.toml', A, { message: '=HYPERLINK("x")' })] });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('scenario,name,category,combination,engine,policy,python,platform,status,verdict,ms,expectation,packages,message');
    expect(lines[1]).toBe('yanked/one.toml,one,yanked,pubgrub/uv/own/own,pubgrub,uv,,,pass,solved,12.5,packse,a==1.0,solved: a==1.0');
    expect(lines[2]).toMatch(/^wheels\/two\.toml,"a""b<c>&d\u0001\]\]>\ne'",wheels,/);
    expect(csv).toContain(`,"'=HYPERLINK(""x"")"\r\n`);
  });

  it('writes the run with a summary per combination', () => {
    const json = JSON.parse(toRunJson({ id: 'r', suiteId: 's', suiteTitle: 'packse', startedAt: '', finishedAt: null, state: 'cancelled', combinations: REPORT.combinations, scenarios: REPORT.scenarios, cells: REPORT.cells, workers: 2, wallMs: 5 }));
    expect(json.format).toBe('pipette-suite-run/1');
    expect(json.summary['pubgrub/uv/own/own']).toMatchObject({ pass: 1, fail: 1, skipped: 1, total: 3 });
    expect(json.cells).toHaveLength(5);
  });
});
