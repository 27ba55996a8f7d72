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
