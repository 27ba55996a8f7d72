/**
 * The login in a netrc file for an index's host, found where pip finds it (requests'
 * `get_netrc_auth`): the file `$NETRC` names, else `~/.netrc`, else `~/_netrc`. Used only when
 * the index URL carries no password of its own, as in pip.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { netrcLogin, parseNetrc, type Login } from '../sources/index.ts';
import { readBounded } from './read-bounded.ts';

/** A netrc file is a few lines; anything far larger is not one. */
const MAX_NETRC_BYTES = 1024 * 1024;

export interface NetrcLookup {
  readonly login: (Login & { readonly from: string }) | null;
  /** Why a file that exists gave nothing (it could not be read or parsed), for stderr. */
  readonly warning: string | null;
}

/** The netrc file pip would read, or null when there is none. */
export function netrcPath(environment: NodeJS.ProcessEnv = process.env): string | null {
  if (environment.NETRC !== undefined) return existsSync(environment.NETRC) ? environment.NETRC : null;
  const home = environment.HOME || homedir();
  return ['.netrc', '_netrc'].map((name) => join(home, name)).find((path) => existsSync(path)) ?? null;
}

/** The login for `indexUrl`'s host from the netrc file, if there is one and it has an entry. */
export function netrcLoginFor(indexUrl: string, environment: NodeJS.ProcessEnv = process.env): NetrcLookup {
  const path = netrcPath(environment);
  if (path === null) return { login: null, warning: null };
  let text: string;
  try {
    text = readBounded(path, MAX_NETRC_BYTES).toString('utf8');
  } catch (error) {
    return { login: null, warning: `${(error as Error).message}; no login is taken from it` };
  }
  const parsed = parseNetrc(text);
  if (!parsed.ok) {
    return { login: null, warning: `${path}:${parsed.line}: ${parsed.problem}; no login is taken from this file (pip ignores it too)` };
  }
  const login = netrcLogin(parsed, new URL(indexUrl).hostname);
  return { login: login && { ...login, from: path }, warning: null };
}
