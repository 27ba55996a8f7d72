/**
 * HTML character references, decoded as a browser (or Python's `html.unescape`, which pip's
 * parser uses) decodes them in attribute values and text: `&amp;`, `&gt;`, `&#39;`, `&#x27;`...
 * https://html.spec.whatwg.org/multipage/parsing.html#character-reference-state
 *
 * Names known: HTML 4's 252 (the set Java and PHP servers write when they escape more than they
 * must, `&eacute;` in a yank reason) and HTML5's names for ASCII punctuation (`&excl;`,
 * `&equals;`, `&apos;`). A name must end with `;`; an unknown name stays as written, as in
 * HTML. Numeric references may omit the `;`. One pass, no regular expression: linear time.
 */

/** HTML 4.01's named character references (https://www.w3.org/TR/html401/sgml/entities.html). */
const HTML4: Readonly<Record<string, number>> = {
  quot: 0x22, amp: 0x26, lt: 0x3c, gt: 0x3e, nbsp: 0xa0, iexcl: 0xa1, cent: 0xa2, pound: 0xa3, curren: 0xa4,
  yen: 0xa5, brvbar: 0xa6, sect: 0xa7, uml: 0xa8, copy: 0xa9, ordf: 0xaa, laquo: 0xab, not: 0xac, shy: 0xad,
  reg: 0xae, macr: 0xaf, deg: 0xb0, plusmn: 0xb1, sup2: 0xb2, sup3: 0xb3, acute: 0xb4, micro: 0xb5, para: 0xb6,
  middot: 0xb7, cedil: 0xb8, sup1: 0xb9, ordm: 0xba, raquo: 0xbb, frac14: 0xbc, frac12: 0xbd, frac34: 0xbe,
  iquest: 0xbf, Agrave: 0xc0, Aacute: 0xc1, Acirc: 0xc2, Atilde: 0xc3, Auml: 0xc4, Aring: 0xc5, AElig: 0xc6,
  Ccedil: 0xc7, Egrave: 0xc8, Eacute: 0xc9, Ecirc: 0xca, Euml: 0xcb, Igrave: 0xcc, Iacute: 0xcd, Icirc: 0xce,
  Iuml: 0xcf, ETH: 0xd0, Ntilde: 0xd1, Ograve: 0xd2, Oacute: 0xd3, Ocirc: 0xd4, Otilde: 0xd5, Ouml: 0xd6,
  times: 0xd7, Oslash: 0xd8, Ugrave: 0xd9, Uacute: 0xda, Ucirc: 0xdb, Uuml: 0xdc, Yacute: 0xdd, THORN: 0xde,
  szlig: 0xdf, agrave: 0xe0, aacute: 0xe1, acirc: 0xe2, atilde: 0xe3, auml: 0xe4, aring: 0xe5, aelig: 0xe6,
  ccedil: 0xe7, egrave: 0xe8, eacute: 0xe9, ecirc: 0xea, euml: 0xeb, igrave: 0xec, iacute: 0xed, icirc: 0xee,
  iuml: 0xef, eth: 0xf0, ntilde: 0xf1, ograve: 0xf2, oacute: 0xf3, ocirc: 0xf4, otilde: 0xf5, ouml: 0xf6,
  divide: 0xf7, oslash: 0xf8, ugrave: 0xf9, uacute: 0xfa, ucirc: 0xfb, uuml: 0xfc, yacute: 0xfd, thorn: 0xfe,
  yuml: 0xff, OElig: 0x152, oelig: 0x153, Scaron: 0x160, scaron: 0x161, Yuml: 0x178, fnof: 0x192, circ: 0x2c6,
  tilde: 0x2dc, Alpha: 0x391, Beta: 0x392, Gamma: 0x393, Delta: 0x394, Epsilon: 0x395, Zeta: 0x396, Eta: 0x397,
  Theta: 0x398, Iota: 0x399, Kappa: 0x39a, Lambda: 0x39b, Mu: 0x39c, Nu: 0x39d, Xi: 0x39e, Omicron: 0x39f, Pi: 0x3a0,
  Rho: 0x3a1, Sigma: 0x3a3, Tau: 0x3a4, Upsilon: 0x3a5, Phi: 0x3a6, Chi: 0x3a7, Psi: 0x3a8, Omega: 0x3a9,
  alpha: 0x3b1, beta: 0x3b2, gamma: 0x3b3, delta: 0x3b4, epsilon: 0x3b5, zeta: 0x3b6, eta: 0x3b7, theta: 0x3b8,
  iota: 0x3b9, kappa: 0x3ba, lambda: 0x3bb, mu: 0x3bc, nu: 0x3bd, xi: 0x3be, omicron: 0x3bf, pi: 0x3c0, rho: 0x3c1,
  sigmaf: 0x3c2, sigma: 0x3c3, tau: 0x3c4, upsilon: 0x3c5, phi: 0x3c6, chi: 0x3c7, psi: 0x3c8, omega: 0x3c9,
  thetasym: 0x3d1, upsih: 0x3d2, piv: 0x3d6, ensp: 0x2002, emsp: 0x2003, thinsp: 0x2009, zwnj: 0x200c, zwj: 0x200d,
  lrm: 0x200e, rlm: 0x200f, ndash: 0x2013, mdash: 0x2014, lsquo: 0x2018, rsquo: 0x2019, sbquo: 0x201a, ldquo: 0x201c,
  rdquo: 0x201d, bdquo: 0x201e, dagger: 0x2020, Dagger: 0x2021, bull: 0x2022, hellip: 0x2026, permil: 0x2030,
  prime: 0x2032, Prime: 0x2033, lsaquo: 0x2039, rsaquo: 0x203a, oline: 0x203e, frasl: 0x2044, euro: 0x20ac,
  image: 0x2111, weierp: 0x2118, real: 0x211c, trade: 0x2122, alefsym: 0x2135, larr: 0x2190, uarr: 0x2191,
  rarr: 0x2192, darr: 0x2193, harr: 0x2194, crarr: 0x21b5, lArr: 0x21d0, uArr: 0x21d1, rArr: 0x21d2, dArr: 0x21d3,
  hArr: 0x21d4, forall: 0x2200, part: 0x2202, exist: 0x2203, empty: 0x2205, nabla: 0x2207, isin: 0x2208,
  notin: 0x2209, ni: 0x220b, prod: 0x220f, sum: 0x2211, minus: 0x2212, lowast: 0x2217, radic: 0x221a, prop: 0x221d,
  infin: 0x221e, ang: 0x2220, and: 0x2227, or: 0x2228, cap: 0x2229, cup: 0x222a, int: 0x222b, there4: 0x2234,
  sim: 0x223c, cong: 0x2245, asymp: 0x2248, ne: 0x2260, equiv: 0x2261, le: 0x2264, ge: 0x2265, sub: 0x2282,
  sup: 0x2283, nsub: 0x2284, sube: 0x2286, supe: 0x2287, oplus: 0x2295, otimes: 0x2297, perp: 0x22a5, sdot: 0x22c5,
  lceil: 0x2308, rceil: 0x2309, lfloor: 0x230a, rfloor: 0x230b, lang: 0x2329, rang: 0x232a, loz: 0x25ca,
  spades: 0x2660, clubs: 0x2663, hearts: 0x2665, diams: 0x2666,
};

/** HTML5's names for printable ASCII, beyond HTML 4's four. */
const HTML5_ASCII: Readonly<Record<string, string>> = {
  AMP: '&', LT: '<', GT: '>', QUOT: '"', apos: "'", excl: '!', num: '#', dollar: '$', percnt: '%', lpar: '(', rpar: ')',
  ast: '*', midast: '*', plus: '+', comma: ',', period: '.', sol: '/', colon: ':', semi: ';', equals: '=', quest: '?',
  commat: '@', lsqb: '[', lbrack: '[', bsol: '\\', rsqb: ']', rbrack: ']', Hat: '^', lowbar: '_', UnderBar: '_', grave: '`',
  DiacriticalGrave: '`', lcub: '{', lbrace: '{', verbar: '|', vert: '|', VerticalLine: '|', rcub: '}', rbrace: '}',
};

const NAMED = new Map<string, string>([
  ...Object.entries(HTML4).map(([name, code]): [string, string] => [name, String.fromCodePoint(code)]),
  ...Object.entries(HTML5_ASCII),
]);

/** The longest name in NAMED: a run of letters longer than this is not looked up. */
const LONGEST_NAME = Math.max(...[...NAMED.keys()].map((name) => name.length));

const REPLACEMENT = '\uFFFD';

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHexDigit = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isAlphanumeric = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** A numeric reference's code point as HTML reads it: none, a surrogate or beyond Unicode is U+FFFD. */
function fromCodePoint(digits: string, radix: 10 | 16): string {
  // More digits than any code point needs: out of range, whatever the value.
  if (digits.replace(/^0+/, '').length > (radix === 16 ? 6 : 7)) return REPLACEMENT;
  const code = parseInt(digits, radix);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return REPLACEMENT;
  return String.fromCodePoint(code);
}

/** Decodes the character references in `text`; anything that is not one stays as written. */
export function decodeEntities(text: string): string {
  let at = text.indexOf('&');
  if (at < 0) return text;
  let out = '';
  let copied = 0;
  while (at >= 0) {
    let end = at + 1;
    let decoded: string | null = null;
    if (text.charCodeAt(end) === 0x23 /* # */) {
      const hex = (text.charCodeAt(end + 1) | 0x20) === 0x78; /* x or X */
      const start = end + (hex ? 2 : 1);
      end = start;
      while (end < text.length && (hex ? isHexDigit : isDigit)(text.charCodeAt(end))) end++;
      if (end > start) {
        decoded = fromCodePoint(text.slice(start, end), hex ? 16 : 10);
        if (text.charCodeAt(end) === 0x3b /* ; */) end++;
      }
    } else {
      while (end < text.length && end - at <= LONGEST_NAME && isAlphanumeric(text.charCodeAt(end))) end++;
      if (text.charCodeAt(end) === 0x3b /* ; */) {
        decoded = NAMED.get(text.slice(at + 1, end)) ?? null;
        end++;
      }
    }
    if (decoded !== null) {
      out += text.slice(copied, at) + decoded;
      copied = end;
    }
    at = text.indexOf('&', decoded !== null ? end : at + 1);
  }
  return out + text.slice(copied);
}
