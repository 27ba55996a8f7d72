/**
 * netrc files, read as pip reads them for an index's login: through requests'
 * `get_netrc_auth` (requests 2.31, utils.py: `$NETRC`, else `~/.netrc`, else `~/_netrc`; the
 * entry of the URL's host, else `default`; the login, or the account when the login is empty)
 * on Python's `netrc` module (Lib/netrc.py, 3.11: its lexer and `_parse`). A file Python cannot
 * parse is not used at all; requests then sends no login, and says nothing.
 */
import type { Login } from './credentials.ts';

export interface NetrcEntry {
  readonly login: string;
  readonly account: string;
  readonly password: string;
}

export type ParsedNetrc =
  | { readonly ok: true; readonly hosts: ReadonlyMap<string, NetrcEntry> }
  | { readonly ok: false; readonly line: number; readonly problem: string };

/** Python's `_netrclex`: whitespace-separated tokens, `"…"` quoting and `\` escapes. */
class Lexer {
  private at = 0;
  line = 1;
  private readonly pushed: string[] = [];

  constructor(private readonly text: string) {}

  private read(): string {
    const ch = this.text[this.at++] ?? '';
    if (ch === '\n') this.line++;
    return ch;
  }

  /** The rest of the current line, as Python's readline() after a comment. */
  skipLine(): string {
    const end = this.text.indexOf('\n', this.at);
    const stop = end < 0 ? this.text.length : end + 1;
    const rest = this.text.slice(this.at, stop);
    this.at = stop;
    if (end >= 0) this.line++;
    return rest;
  }

  push(token: string): void {
    this.pushed.push(token);
  }

  token(): string {
    if (this.pushed.length > 0) return this.pushed.shift()!;
    let token = '';
    for (let ch = this.read(); ch !== ''; ch = this.read()) {
      if (WHITESPACE.includes(ch)) continue;
      if (ch === '"') {
        for (ch = this.read(); ch !== ''; ch = this.read()) {
          if (ch === '"') return token;
          if (ch === '\\') ch = this.read();
          token += ch;
        }
        return token;
      }
      if (ch === '\\') ch = this.read();
      token += ch;
      for (ch = this.read(); ch !== ''; ch = this.read()) {
        if (WHITESPACE.includes(ch)) return token;
        if (ch === '\\') ch = this.read();
        token += ch;
      }
      return token;
    }
    return token;
  }
}

const WHITESPACE = '\n\t\r ';

/**
 * Python's `netrc._parse`; on a problem, where Python's NetrcParseError would point. A problem
 * never quotes the file: the stray word may be a password that lost its keyword.
 */
export function parseNetrc(text: string): ParsedNetrc {
  const lexer = new Lexer(text);
  const hosts = new Map<string, NetrcEntry>();
  for (;;) {
    const startLine = lexer.line;
    const top = lexer.token();
    if (top === '') break;
    if (top.startsWith('#')) {
      if (lexer.line === startLine && top.length === 1) lexer.skipLine();
      continue;
    }
    let name: string;
    if (top === 'machine') name = lexer.token();
    else if (top === 'default') name = 'default';
    else if (top === 'macdef') {
      lexer.token();
      // A macro runs to an empty line.
      for (;;) {
        const line = lexer.skipLine();
        if (line === '') return { ok: false, line: lexer.line, problem: 'a macro definition (macdef) has no empty line after it' };
        if (line === '\n') break;
      }
      continue;
    } else return { ok: false, line: lexer.line, problem: `a word where 'machine', 'default' or 'macdef' belongs` };
    if (name === '') return { ok: false, line: lexer.line, problem: `'${top}' without a name` };
    let login = '';
    let account = '';
    let password = '';
    for (;;) {
      const before = lexer.line;
      const token = lexer.token();
      if (token.startsWith('#')) {
        if (lexer.line === before) lexer.skipLine();
        continue;
      }
      if (token === '' || token === 'machine' || token === 'default' || token === 'macdef') {
        hosts.set(name, { login, account, password });
        lexer.push(token);
        break;
      }
      if (token === 'login' || token === 'user') login = lexer.token();
      else if (token === 'account') account = lexer.token();
      else if (token === 'password') password = lexer.token();
      else return { ok: false, line: lexer.line, problem: `a word where 'login', 'account' or 'password' belongs` };
    }
  }
  return { ok: true, hosts };
}

/** requests' choice for a host: its entry, else `default`; the login, else the account. */
export function netrcLogin(netrc: ParsedNetrc, host: string): Login | null {
  if (!netrc.ok) return null;
  const entry = netrc.hosts.get(host) ?? netrc.hosts.get('default');
  if (!entry) return null;
  return { username: entry.login || entry.account, password: entry.password };
}
