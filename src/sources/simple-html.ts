/**
 * The HTML form of the Simple Repository API (PEP 503, with PEP 592's `data-yanked`, PEP 629's
 * repository version, PEP 658/714's metadata attributes and PEP 792's project status), which
 * many indexes still serve alone (devpi, Artifactory and Nexus proxies, GitLab,
 * download.pytorch.org): https://packaging.python.org/en/latest/specifications/simple-repository-api/
 *
 * A page is read into the document its JSON form (PEP 691) would be, and that document goes
 * through the JSON form's parser, so both forms give the same ProjectPage, checked by the same
 * code. The HTML form has nothing of PEP 700 (versions, upload times, sizes): those are null,
 * as from a JSON index that predates it. `data-gpg-sig` and `data-provenance` are not used.
 */
import { normalizeName, type DataWarning } from '../core/index.ts';
import { decodeEntities } from './html-entities.ts';
import { HtmlSyntaxError, lineAndColumn, scanHtml } from './html-scan.ts';
import { malformed } from './errors.ts';
import { fragmentHashes, parseProjectPage, type ProjectPage } from './simple-api.ts';

/** The media type of the HTML form, as PEP 691 names it; `text/html` means the same. */
export const SIMPLE_HTML_MEDIA_TYPE = 'application/vnd.pypi.simple.v1+html';

/** PEP 658's attribute value when it gives a hash: `<hash name>=<hex digest>`. */
const METADATA_HASH = /^(?<name>[A-Za-z0-9_-]+)=(?<digest>[0-9A-Fa-f]+)$/;

/** PEP 629: `1.0`, `1.4`... */
const REPOSITORY_VERSION = /^(?<major>\d+)\.\d+$/;

interface Anchor {
  readonly href: string;
  readonly attributes: ReadonlyMap<string, string>;
  /** As written: character references not decoded. */
  readonly text: string;
  readonly offset: number;
}

interface HtmlPage {
  /** Every `<a>` with an `href`, in order. */
  readonly anchors: readonly Anchor[];
  /** Where relative links point from: the first `<base href>`, else the page's URL. */
  readonly base: string;
  /** `<meta name content>`, the first of each (lower-cased) name. */
  readonly meta: ReadonlyMap<string, { readonly content: string; readonly offset: number }>;
  /** The text of `<title>` and of the first `<h1>`, decoded, spaces collapsed. */
  readonly title: string | null;
  readonly heading: string | null;
}

const collapse = (text: string) => decodeEntities(text).replace(/\s+/g, ' ').trim();

/** `line 3, column 7`: where in the page something is. */
function position(html: string, offset: number): string {
  const { line, column } = lineAndColumn(html, offset);
  return `line ${line}, column ${column}`;
}

function readPage(html: string, url: string): HtmlPage {
  if (!html.includes('<')) {
    const start = html.trim().slice(0, 40);
    throw malformed(url, '', `not an HTML page: ${start ? `it has no markup at all (it starts ${JSON.stringify(start)})` : 'the body is empty'}`);
  }
  const anchors: Anchor[] = [];
  const meta = new Map<string, { content: string; offset: number }>();
  let base: string | null = null;
  let title: string[] | null = null;
  let heading: string[] | null = null;
  let headingDone = false;
  let inTitle = false;
  let inHeading = false;
  let open: { href: string; attributes: ReadonlyMap<string, string>; text: string[]; offset: number } | null = null;
  const close = () => {
    if (open) anchors.push({ href: open.href, attributes: open.attributes, text: open.text.join(''), offset: open.offset });
    open = null;
  };

  try {
    for (const token of scanHtml(html)) {
      if (token.kind === 'text') {
        open?.text.push(token.text);
        if (inTitle) title!.push(token.text);
        if (inHeading) heading!.push(token.text);
        continue;
      }
      if (token.kind === 'end') {
        if (token.name === 'a') close();
        else if (token.name === 'title') inTitle = false;
        else if (token.name === 'h1' && inHeading) {
          inHeading = false;
          headingDone = true;
        }
        continue;
      }
      const { name, attributes } = token;
      if (name === 'a') {
        // An `<a>` ends the one before it, as in a browser.
        close();
        const href = attributes.get('href');
        if (href !== undefined) open = { href, attributes, text: [], offset: token.offset };
      } else if (name === 'meta') {
        const metaName = attributes.get('name')?.trim().toLowerCase();
        if (metaName && !meta.has(metaName)) meta.set(metaName, { content: attributes.get('content') ?? '', offset: token.offset });
      } else if (name === 'base' && base === null && attributes.has('href')) {
        try {
          base = new URL(attributes.get('href')!, url).href;
        } catch {
          // An unusable <base> is ignored, as by a browser.
        }
      } else if (name === 'title' && title === null) {
        title = [];
        inTitle = true;
      } else if (name === 'h1' && !headingDone && !inHeading) {
        heading = [];
        inHeading = true;
      }
    }
  } catch (error) {
    if (!(error instanceof HtmlSyntaxError)) throw error;
    throw malformed(url, position(html, error.offset), `${error.problem}; the body may have been cut off`);
  }
  close();
  return { anchors, base: base ?? url, meta, title: title && collapse(title.join('')), heading: heading && collapse(heading.join('')) };
}

/** PEP 629: the page's `pypi:repository-version`, 1.0 when it gives none. A newer minor version is warned about by the JSON parser. */
function repositoryVersion(page: HtmlPage, html: string, url: string): string {
  const meta = page.meta.get('pypi:repository-version');
  if (!meta) return '1.0';
  const version = meta.content.trim();
  const where = `${position(html, meta.offset)}, <meta name="pypi:repository-version">`;
  const match = REPOSITORY_VERSION.exec(version);
  if (!match) throw malformed(url, where, `expected a version such as "1.0", found ${JSON.stringify(version)}`);
  if (match.groups!.major !== '1') throw malformed(url, where, `API version ${version} is not supported (Pipette reads version 1.x)`);
  return version;
}

/**
 * The project's name as the index spells it: from "Links for <name>" in the title or heading
 * (PyPI's and devpi's pages say so) when it names the project of the URL, else the URL's own.
 */
function projectName(page: HtmlPage, url: string): string {
  const segments = new URL(url).pathname.split('/').filter((s) => s !== '');
  let key = segments.length > 0 ? segments[segments.length - 1]! : '';
  try {
    key = decodeURIComponent(key);
  } catch {
    // Kept as written.
  }
  for (const text of [page.title, page.heading]) {
    const at = text?.toLowerCase().lastIndexOf('links for ') ?? -1;
    const named = at >= 0 ? text!.slice(at + 'links for '.length).trim() : '';
    if (named && (key === '' || normalizeName(named) === normalizeName(key))) return named;
  }
  if (key === '') throw malformed(url, '', 'the page does not say which project it lists (no "Links for <name>" title, and no name in its URL)');
  return key;
}

/** One `<a>` as the file entry of a PEP 691 document; null for a link to a folder (`../`), which lists no file. */
function fileEntry(anchor: Anchor, page: HtmlPage, html: string, url: string): Record<string, unknown> | null {
  const where = (attribute?: string) => `${position(html, anchor.offset)}${attribute ? `, ${attribute}` : ''}`;
  let target: URL;
  try {
    target = new URL(anchor.href, page.base);
  } catch {
    throw malformed(url, where('href'), `${JSON.stringify(anchor.href)} is not a URL`);
  }
  // PEP 503: the file name is the last part of the URL's path (the link's text should repeat it).
  const encoded = target.pathname.slice(target.pathname.lastIndexOf('/') + 1);
  if (encoded === '') return null;
  let filename: string;
  try {
    filename = decodeURIComponent(encoded);
  } catch {
    throw malformed(url, where('href'), `the file name ${JSON.stringify(encoded)} is not valid percent-encoding`);
  }
  if (filename.includes('/') || filename.includes('\\')) throw malformed(url, where('href'), `the file name ${JSON.stringify(filename)} contains a path separator`);
  const hashes = fragmentHashes(target.hash);
  target.hash = '';

  const { attributes } = anchor;
  // PEP 714 renamed `data-dist-info-metadata` to `data-core-metadata`; the new name wins when both are present.
  const metadataAttribute = attributes.has('data-core-metadata') ? 'data-core-metadata' : 'data-dist-info-metadata';
  const metadataValue = attributes.get(metadataAttribute);
  let coreMetadata: boolean | Record<string, string> = false;
  if (metadataValue !== undefined) {
    const value = metadataValue.trim();
    const hash = METADATA_HASH.exec(value);
    if (value.toLowerCase() === 'true') coreMetadata = true;
    else if (value.toLowerCase() === 'false') coreMetadata = false;
    else if (hash) coreMetadata = { [hash.groups!.name!]: hash.groups!.digest! };
    else throw malformed(url, where(metadataAttribute), `expected "true" or a hash such as "sha256=<hex digest>", found ${JSON.stringify(metadataValue)}`);
  }

  return {
    filename,
    url: target.href,
    hashes,
    'requires-python': attributes.get('data-requires-python') ?? null,
    // PEP 592: present means yanked; its value, if any, is the reason.
    yanked: attributes.has('data-yanked') ? attributes.get('data-yanked')! : false,
    'core-metadata': coreMetadata,
  };
}

/** A project page (`GET /simple/<project>/`) in the HTML form. */
export function parseHtmlProjectPage(html: string, url: string): { page: ProjectPage; warnings: DataWarning[] } {
  const page = readPage(html, url);
  const document: Record<string, unknown> = {
    meta: { 'api-version': repositoryVersion(page, html, url) },
    name: projectName(page, url),
    files: page.anchors.flatMap((anchor) => fileEntry(anchor, page, html, url) ?? []),
  };
  // PEP 792's meta tags.
  const status = page.meta.get('pypi:project-status');
  if (status) document['project-status'] = { status: status.content.trim(), reason: page.meta.get('pypi:project-status-reason')?.content ?? null };
  return parseProjectPage(document, url);
}

/** The index's list of projects (`GET /simple/`) in the HTML form: each link's text is a name. */
export function parseHtmlProjectList(html: string, url: string): string[] {
  const page = readPage(html, url);
  repositoryVersion(page, html, url);
  return page.anchors.map((anchor) => collapse(anchor.text)).filter((name) => name !== '');
}
