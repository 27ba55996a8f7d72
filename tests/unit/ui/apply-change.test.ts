import { describe, expect, it } from 'vitest';
import { applyChangeToText } from '../../../src/ui/state/apply-change.ts';

const change = (remove: string[], add: string[]) => ({ remove, add });

describe('applyChangeToText: requirements.txt', () => {
  it.each([
    ['replaces a line in place, keeping comments and order', '# pins\nflask<2\nrequests==2.0  # old\n', change(['requests==2.0'], ['requests>=2.0']), '# pins\nflask<2\nrequests>=2.0  # old\n'],
    ['removes a whole line', 'a==1\nb==2\nc==3\n', change(['b==2'], []), 'a==1\nc==3\n'],
    ['appends what has no line to replace', 'a==1', change([], ['b>=2']), 'a==1\nb>=2\n'],
    ['keeps options on a line whose requirement goes', 'a==1 --hash=sha256:abc\n', change(['a==1'], []), ' --hash=sha256:abc\n'],
    ['replaces one and appends the rest', 'x<2\n', change(['x<2'], ['x>=2', 'y']), 'x>=2\ny\n'],
  ])('%s', (_name, text, c, expected) => {
    expect(applyChangeToText(text, 'requirements', c)).toEqual({ text: expected, notFound: [], flagsNotFound: [] });
  });

  it('says which removals it could not find', () => {
    const result = applyChangeToText('a==1\n', 'requirements', change(['zzz==9'], ['b']));
    expect(result.notFound).toEqual(['zzz==9']);
    expect(result.text).toBe('a==1\nb\n');
  });

  it('matches each line once when a requirement is written twice', () => {
    const result = applyChangeToText('a==1\na==1\n', 'requirements', change(['a==1'], []));
    expect(result.text).toBe('a==1\n');
  });
});

describe('applyChangeToText: pyproject', () => {
  const doc = '[project]\nname = "x"\ndependencies = [\n  "flask<2",\n  "requests==2.0",\n]\n';

  it('replaces a string in the dependencies array', () => {
    expect(applyChangeToText(doc, 'pyproject', change(['flask<2'], ['flask>=2'])).text).toBe('[project]\nname = "x"\ndependencies = [\n  "flask>=2",\n  "requests==2.0",\n]\n');
  });

  it('removes a string with its line and comma', () => {
    expect(applyChangeToText(doc, 'pyproject', change(['flask<2'], [])).text).toBe('[project]\nname = "x"\ndependencies = [\n  "requests==2.0",\n]\n');
  });

  it('adds to a multi-line array', () => {
    expect(applyChangeToText(doc, 'pyproject', change([], ['click'])).text).toBe('[project]\nname = "x"\ndependencies = [\n  "flask<2",\n  "requests==2.0",\n  "click",\n]\n');
  });

  it('adds to a one-line array', () => {
    const oneLine = '[project]\ndependencies = ["a"]\n';
    expect(applyChangeToText(oneLine, 'pyproject', change([], ['b'])).text).toBe('[project]\ndependencies = ["a", "b"]\n');
  });

  it('escapes quotes in markers', () => {
    const result = applyChangeToText('[project]\ndependencies = ["a"]\n', 'pyproject', change(['a'], ['a; python_version < "3.12"']));
    expect(result.text).toBe('[project]\ndependencies = ["a; python_version < \\"3.12\\""]\n');
  });
});

describe('applyChangeToText: lifting --no-binary / --only-binary for one project', () => {
  it('takes the project out of the option and keeps the others', () => {
    const text = 'a\n--no-binary A,b\n--only-binary=:all:\n';
    const result = applyChangeToText(text, 'requirements', { remove: [], add: [], allowBinary: ['a'], allowBuild: [':all:'] });
    expect(result).toEqual({ text: 'a\n--no-binary b\n', notFound: [], flagsNotFound: [] });
  });

  it('says which option it could not find', () => {
    const result = applyChangeToText('a\n', 'requirements', { remove: [], add: [], allowBinary: ['a'] });
    expect(result.flagsNotFound).toEqual(['--no-binary a']);
    expect(result.text).toBe('a\n');
  });
});
