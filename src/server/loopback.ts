/**
 * Names and addresses of this machine alone: what the study server listens on by default, and
 * the only Host headers it answers to then. Kept free of dependencies: the CLI loads it at start.
 */

/** 127.0.0.0/8, ::1 and localhost, as an address to listen on or in a Host header (with any port). */
export function isLoopback(host: string): boolean {
  const text = host.trim().toLowerCase();
  // A bare IPv6 address (::1) has colons but no brackets; a Host header brackets it and may add a port.
  const name = text.includes(':') && !text.startsWith('[') && text.indexOf(':') !== text.lastIndexOf(':') ? `[${text}]` : (/^\[[^\]]*\]|^[^:]*/.exec(text)?.[0] ?? '');
  return name === 'localhost' || name === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(name);
}
