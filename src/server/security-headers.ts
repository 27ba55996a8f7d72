/**
 * What the app's pages may load and do, as data: one content security policy for the meta tag
 * of index.html and the headers of every server that serves the pages (vite preview, the study
 * server). Each exception says which part of the app needs it.
 *
 * - Scripts and workers only from the app's own origin, and no `eval`: the bundles need none.
 * - Styles from the app, plus inline styles: CodeMirror (style-mod), xterm.js and Svelte Flow
 *   write `<style>` elements and style attributes at run time, and a static page has no
 *   per-response nonce to give them.
 * - Connections to the app itself and to any https index (the user may pick any index URL), and
 *   to plain-http indexes on this machine only (a local mirror, devpi, the test index).
 * - Images: the app's own and `data:` (the favicon, SVG exports).
 * - Nothing may frame the pages, plugins are off, and forms and `<base>` go nowhere.
 */

/** Directive -> sources. Only headers can carry `frame-ancestors` (a meta tag ignores it). */
export const CONTENT_SECURITY_POLICY: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'worker-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'", 'https:', 'http://127.0.0.1:*', 'http://localhost:*'],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** Directives a `<meta http-equiv>` policy may not carry (browsers ignore them there, with a warning). */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/** The policy as text; `extraConnect` adds sources (the dev server's HMR websocket). */
export function contentSecurityPolicy(options: { readonly forMeta?: boolean; readonly extraConnect?: readonly string[] } = {}): string {
  return Object.entries(CONTENT_SECURITY_POLICY)
    .filter(([directive]) => !(options.forMeta && HEADER_ONLY.has(directive)))
    .map(([directive, sources]) => [directive, ...sources, ...(directive === 'connect-src' ? (options.extraConnect ?? []) : [])].join(' '))
    .join('; ');
}

/** Headers for every served page and file. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': contentSecurityPolicy(),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};
