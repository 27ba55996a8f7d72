/**
 * Every URL in `text` with the secret of its user part masked, as pip 23.2's
 * `redact_auth_from_url` (src/pip/_internal/utils/misc.py): `user:****@host` for a user and
 * password, `****@host` for a token alone. The user part is everything before the last `@` of
 * the authority, as pip's rpartition finds it. Pure, so pip's engines print file URLs with it too.
 */
export function redactLogins(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^/?#\s]*)@/gi, (_match, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(':');
    return colon < 0 ? `${scheme}****@` : `${scheme}${userInfo.slice(0, colon)}:****@`;
  });
}

/**
 * The URL with no login in it, as pip 23.2 writes a download URL in its installation report
 * (`DirectUrl.redacted_url`, src/pip/_internal/models/direct_url.py): the whole user part goes,
 * unless it names environment variables as PEP 610 allows (`${USER}:${TOKEN}@`), which hold no
 * secret. pip splits at the first `@`; this splits at the last, as a URL's host is found, so a
 * password with an `@` in it does not stay behind.
 */
export function withoutLogin(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i, (whole, scheme: string, userInfo: string) => (PEP_610_VARIABLES.test(userInfo) ? whole : scheme));
}

/** `ENV_VAR_RE` of pip's direct_url.py. */
const PEP_610_VARIABLES = /^\$\{[A-Za-z0-9_-]+\}(:\$\{[A-Za-z0-9_-]+\})?$/;
