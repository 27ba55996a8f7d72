/**
 * `${NAME}` in a requirements file, expanded from the environment as pip's expand_env_variables
 * does (src/pip/_internal/req/req_file.py, 23.2) when the caller gives one (the CLI): after
 * comments are removed, only upper-case names, an unset or empty variable left as written.
 * Problems point at what was written, and never show a value: it may be a token.
 */
import { describe, expect, it } from 'vitest';
import { formatRequirement } from '../../../src/core/pep508/index.ts';
import { parseConstraints, parseRequirementsTxt, type ParseOptions } from '../../../src/core/requirements/index.ts';

const ENVIRONMENT: Readonly<Record<string, string>> = {
  VERSION: '2.31.0',
  TOKEN: 'tok-123',
  USER: 'alice',
  HASHY: 'a#b',
  DIR: 'shared/base',
  EMPTY: '',
  NESTED: '${TOKEN}',
  LONG: 'é'.repeat(30),
};
const options: ParseOptions = { environment: (name) => ENVIRONMENT[name], followIncludes: true };
const parse = (text: string) => parseRequirementsTxt(text, 'r.txt', options);

describe('expanding ${NAME} from the environment', () => {
  it('expands a version, and keeps the requirement as written in its text', () => {
    const parsed = parse('requests==${VERSION}\n');
    expect(parsed.problems).toEqual([]);
    expect(formatRequirement(parsed.requirements[0]!.requirement)).toBe('requests==2.31.0');
    expect(parsed.requirements[0]!.text).toBe('requests==${VERSION}');
  });

  it('expands an index URL with a login, as the option pip would use', () => {
    const parsed = parse('--index-url https://${USER}:${TOKEN}@pkgs.example/simple/\n');
    expect(parsed.options.indexUrl).toBe('https://alice:tok-123@pkgs.example/simple/');
    expect(parsed.problems).toEqual([]);
  });

  it('expands the path of an -r line', () => {
    expect(parse('-r ${DIR}/requirements.txt\n').includeFiles).toEqual([{ path: 'shared/base/requirements.txt', line: 1, column: 1 }]);
  });

  it('leaves lower-case names, and unset or empty variables, as written; the last two with a warning', () => {
    const parsed = parse('foo==1.0 ; python_version > "${lower}"\nbar==${UNSET}\nbaz==${EMPTY}\n');
    expect(parsed.requirements.map((r) => r.line)).toEqual([1]);
    expect(parsed.problems.map((p) => [p.severity, p.line, p.column, p.endColumn, p.message])).toEqual([
      ['warning', 2, 6, 14, 'environment variable UNSET is not set (or is empty), so ${UNSET} is used as written'],
      ['error', 2, 6, undefined, expect.stringContaining("found '$'")],
      ['warning', 3, 6, 14, 'environment variable EMPTY is not set (or is empty), so ${EMPTY} is used as written'],
      ['error', 3, 6, undefined, expect.stringContaining("found '$'")],
    ]);
  });

  it('expands after comments are removed, so a # in a value is not a comment', () => {
    const parsed = parse('--extra-index-url https://host/${HASHY} # ${TOKEN} is not read here\n');
    expect(parsed.options.extraIndexUrls).toEqual(['https://host/a#b']);
  });

  it('does not expand a value again', () => {
    expect(parse('--index-url https://host/${NESTED}/\n').options.indexUrl).toBe('https://host/${TOKEN}/');
  });

  it('points a problem inside a value at the ${NAME} written, and one after it at the column written', () => {
    expect(parse('x==${LONG}!\n').problems).toMatchObject([{ severity: 'error', line: 1, column: 4 }]);
    expect(parse('x==1.0${LONG} @\n').problems).toMatchObject([{ severity: 'error', line: 1, column: 7 }]);
    expect(parse('a ; ${TOKEN} == "1"\n').problems).toMatchObject([{ severity: 'error', line: 1, column: 5, message: "unknown marker variable '${TOKEN}'" }]);
    // A token that holds a value spans what was written: `--hash=${TOKEN}` is columns 7 to 20.
    expect(parse('ok==1 --hash=${TOKEN}\n').problems).toMatchObject([{ line: 1, column: 7, endColumn: 21 }]);
    // After a value, columns are those of the line as written, not of the expanded text.
    expect(parse('x==${VERSION} --nope\n').problems).toMatchObject([{ line: 1, column: 15, endColumn: 21, message: "unknown option '--nope' (pip would stop here)" }]);
  });

  it('never shows a value in a problem, only the ${NAME} written', () => {
    const parsed = parse('--find-links https://${USER}:${TOKEN}@host/links/\nfoo==1 --hash=sha256:${TOKEN}\nhttps://${TOKEN}@host/pkg.whl\n');
    expect(parsed.problems.length).toBe(3);
    for (const problem of parsed.problems) {
      expect(problem.message).not.toContain('tok-123');
      expect(problem.message).not.toContain('alice');
    }
    expect(parsed.problems.map((p) => p.message)).toEqual([
      '--find-links https://${USER}:${TOKEN}@host/links/ is kept but not searched here',
      "'sha256:${TOKEN}' is not a hash pip accepts: write --hash=sha256:<hex digest> (sha256, sha384 or sha512)",
      "'https://${TOKEN}@host/pkg.whl' is a URL: installing from URLs can't be followed here; require the project by name instead",
    ]);
  });

  it('expands constraints files too', () => {
    const parsed = parseConstraints('urllib3<${VERSION}\n', 'c.txt', { environment: (name) => ENVIRONMENT[name] });
    expect(parsed.constraints.map((c) => formatRequirement(c.requirement))).toEqual(['urllib3<2.31.0']);
  });

  it('without an environment (the page) warns that nothing is expanded, as before', () => {
    const parsed = parseRequirementsTxt('requests==${VERSION}\n');
    expect(parsed.problems.map((p) => [p.severity, p.column, p.endColumn, p.message])).toEqual([
      ['warning', 11, 21, 'environment variable ${VERSION} is not expanded here; the text is used as written'],
      ['error', 11, undefined, expect.stringContaining("found '$'")],
    ]);
  });
});
