/**
 * A login for a private index, as pip takes one: in the index URL (`https://USER:PASSWORD@host/`
 * or a token alone, `https://TOKEN@host/`), else from a netrc file. pip sends it as HTTP Basic
 * authentication to the index's own host only, and prints the URL with the secret masked.
 *
 * Follows pip 23.2: `split_auth_from_netloc`, `redact_netloc` (src/pip/_internal/utils/misc.py)
 * and `MultiDomainBasicAuth` (src/pip/_internal/network/auth.py), where a user without a
 * password is sent with an empty password.
 */
export { redactLogins } from '../core/index.ts';

export interface Login {
  readonly username: string;
  readonly password: string;
}

/** Where requests may carry a login: one origin (scheme, host and port), as the index's. */
export interface IndexLogin extends Login {
  readonly origin: string;
  /** Where the login came from, for messages: 'the index URL', '~/.netrc'. */
  readonly from: string;
}

/** A URL's user and password, percent-decoded (pip unquotes them), and the URL without them. */
export function splitLogin(url: URL): { readonly url: URL; readonly login: Login | null } {
  if (url.username === '' && url.password === '') return { url, login: null };
  const bare = new URL(url.href);
  bare.username = '';
  bare.password = '';
  return { url: bare, login: { username: safeDecode(url.username), password: safeDecode(url.password) } };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The `Authorization` header value for a login (UTF-8, as browsers and requests do for non-Latin text). */
export function basicAuthorization(login: Login): string {
  const bytes = new TextEncoder().encode(`${login.username}:${login.password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** The login to send with a request for `url`: only to the index's own origin. */
export function authorizationFor(url: string, login: IndexLogin | null): string | null {
  if (!login) return null;
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return null;
  }
  return origin === login.origin ? basicAuthorization(login) : null;
}
