/**
 * netrc files read as pip reads them for an index login (requests' get_netrc_auth on Python's
 * netrc module). The expected hosts are what Python 3.11.7's `netrc.netrc(file).hosts` gave for
 * each text, and `error` where it raised NetrcParseError (requests then uses no login).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { netrcLoginFor, netrcPath } from '../../../src/cli/netrc-file.ts';
import { netrcLogin, parseNetrc } from '../../../src/sources/index.ts';

type Hosts = Record<string, [login: string, account: string, password: string]>;

const PYTHON_3_11: readonly (readonly [text: string, hosts: Hosts | 'error'])[] = [
  ['machine pypi.example.com login alice password s3cret\n', { 'pypi.example.com': ['alice', '', 's3cret'] }],
  ['machine a login b password c\nmachine a login d\n', { a: ['d', '', ''] }],
  ['default login x password y\nmachine a.example login b password c\n', { default: ['x', '', 'y'], 'a.example': ['b', '', 'c'] }],
  ['# comment words\nmachine a login b password c\n', { a: ['b', '', 'c'] }],
  ['#comment words\nmachine a login b password c\n', 'error'],
  ['machine a login b #note here\n password c\n', { a: ['b', '', 'c'] }],
  ['machine "a b" login "x\\"y" password p\\ q\n', { 'a b': ['x"y', '', 'p q'] }],
  ['macdef init\ncd /pub\n\nmachine a login b password c\n', { a: ['b', '', 'c'] }],
  ['macdef init\ncd /pub\n', 'error'],
  ['machine\n', 'error'],
  ['machine a bogus x\n', 'error'],
  ['machine a account acct password pw\n', { a: ['', 'acct', 'pw'] }],
  ['machine a user u password pw\n', { a: ['u', '', 'pw'] }],
  ['machine a login b password c machine e login f password g', { a: ['b', '', 'c'], e: ['f', '', 'g'] }],
  ['', {}],
  ['password x\n', 'error'],
];

describe('parseNetrc', () => {
  it.each(PYTHON_3_11)('reads %j as Python 3.11 does', (text, expected) => {
    const parsed = parseNetrc(text);
    if (expected === 'error') {
      expect(parsed.ok).toBe(false);
      return;
    }
    if (!parsed.ok) throw new Error(`unexpected problem at line ${parsed.line}: ${parsed.problem}`);
    expect(Object.fromEntries([...parsed.hosts].map(([host, e]) => [host, [e.login, e.account, e.password]]))).toEqual(expected);
  });

  it('says where a file goes wrong', () => {
    expect(parseNetrc('machine a login b\nmachine c logon d\n')).toEqual({ ok: false, line: 2, problem: "a word where 'login', 'account' or 'password' belongs" });
  });

  it("chooses as requests does: the host's entry, else default; the login, else the account", () => {
    const parsed = parseNetrc('machine a login la password pa\nmachine b account ab password pb\ndefault login ld password pd\n');
    expect(netrcLogin(parsed, 'a')).toEqual({ username: 'la', password: 'pa' });
    expect(netrcLogin(parsed, 'b')).toEqual({ username: 'ab', password: 'pb' });
    expect(netrcLogin(parsed, 'elsewhere')).toEqual({ username: 'ld', password: 'pd' });
    expect(netrcLogin(parseNetrc('machine a login la password pa\n'), 'elsewhere')).toBeNull();
  });
});

describe('the netrc file the CLI reads', () => {
  const home = mkdtempSync(join(tmpdir(), 'pipette-netrc-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('is $NETRC when set, else ~/.netrc, else ~/_netrc', () => {
    expect(netrcPath({ HOME: home })).toBeNull();
    writeFileSync(join(home, '_netrc'), 'machine h login u password p\n');
    expect(netrcPath({ HOME: home })).toBe(join(home, '_netrc'));
    writeFileSync(join(home, '.netrc'), 'machine h login u password p\n');
    expect(netrcPath({ HOME: home })).toBe(join(home, '.netrc'));
    expect(netrcPath({ HOME: home, NETRC: join(home, 'missing') })).toBeNull();
    expect(netrcLoginFor('https://h/simple/', { HOME: home })).toEqual({ login: { username: 'u', password: 'p', from: join(home, '.netrc') }, warning: null });
  });

  it('gives no login, and a warning naming the line, for a file Python cannot parse', () => {
    const path = join(home, 'broken');
    writeFileSync(path, 'machine h login u password p\nmachine\n');
    expect(netrcLoginFor('https://h/simple/', { NETRC: path })).toEqual({ login: null, warning: `${path}:3: 'machine' without a name; no login is taken from this file (pip ignores it too)` });
  });

  it('gives no login, and a warning, for a netrc that is a folder', () => {
    expect(netrcLoginFor('https://h/simple/', { NETRC: home }).warning).toBe(`${home}: a folder, not a file; no login is taken from it`);
  });
});
