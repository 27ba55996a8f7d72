/**
 * A package index on 127.0.0.1 for tests: a real HTTP server that speaks the JSON Simple API
 * (PEP 691, with PEP 700 and PEP 792 fields), serves PEP 658 `.metadata` files and PyPI's
 * JSON API (`/pypi/<name>/json`, `/pypi/<name>/<version>/json`), with PyPI's CORS headers,
 * ETag / Last-Modified validators and 304 answers.
 *
 * What it serves comes from
 *  - an index snapshot: one page per project, with a wheel per `wheel_tags` entry (or
 *    `py3-none-any`), a `.tar.gz` when the release has an sdist, and a metadata file built
 *    from `requires_dist`, `requires_python` and `provides_extra`;
 *  - optionally, real PyPI responses (`../shared/data/pypi-responses`): their project pages
 *    (with file URLs pointed at this server) and JSON API documents replace the snapshot's,
 *    and their real `.metadata` files are added as a `py3-none-any` wheel of that version.
 *
 * Faults can be injected per path: latency, an HTTP status (with Retry-After), a truncated or
 * malformed body, a missing CORS header, a reset connection.
 *
 * With `form: 'html'` it is an index that speaks only the HTML form (PEP 503, with PEP 592,
 * 629, 658/714 and 792 attributes), as devpi, Artifactory or download.pytorch.org do: pages and
 * the project list are HTML whatever the Accept header prefers, written as PyPI writes them,
 * with file links relative to the page (`../../files/...`) as PyTorch's are.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { formatVersion, normalizeName, parseVersion, tryParseVersion, type PackageIndex, type Project, type Release } from '../../src/core/index.ts';

export type Fault =
  | { readonly kind: 'latency'; readonly ms: number }
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  /** Sends the headers (with the full Content-Length) and half the body, then drops the connection. */
  | { readonly kind: 'truncate' }
  /** A complete answer whose body is not valid JSON (nor metadata). */
  | { readonly kind: 'malformed' }
  /** No Access-Control-Allow-Origin: a browser refuses to let the page read the answer. */
  | { readonly kind: 'no-cors' }
  /** Drops the connection without answering. */
  | { readonly kind: 'reset' };

export interface FaultRule {
  /** A path prefix (`/simple/flask/`) or a pattern tested against the path. */
  readonly path: string | RegExp;
  readonly fault: Fault;
  /** How many matching requests it affects (default: all). */
  readonly times?: number;
}

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  /** 0 until it is answered. */
  readonly status: number;
  readonly conditional: boolean;
  /** The request's Authorization header, when it had one. */
  readonly authorization?: string;
}

export interface IndexServer {
  readonly origin: string;
  /** `http://127.0.0.1:PORT/simple/` */
  readonly indexUrl: string;
  /** `http://127.0.0.1:PORT/pypi/` */
  readonly jsonApiUrl: string;
  readonly requests: RequestRecord[];
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Normalised names of every project served. */
  projectNames(): string[];
  close(): Promise<void>;
}

export interface IndexServerOptions {
  readonly snapshot?: PackageIndex;
  /** A folder laid out as ../shared/data/pypi-responses (pypi_response/, metadata/). */
  readonly pypiResponses?: string;
  /** The form of the Simple API served: PEP 691 JSON (the default; 406 to a client that does not accept it) or PEP 503 HTML only. */
  readonly form?: 'json' | 'html';
  /** The Content-Type of HTML pages (default `text/html; charset=utf-8`, what HTML-only indexes send). */
  readonly htmlContentType?: string;
  /** A private index: every request without this HTTP Basic login is answered 401. */
  readonly login?: { readonly username: string; readonly password: string };
  /**
   * Where pages say the snapshot's files are, in place of this server's `/files/`: another
   * server's (which serves them at `/files/` too), with a login in it as some indexes write one.
   */
  readonly filesAt?: string;
  /**
   * The `hashes` a page gives for a snapshot's file (anything, as a hostile index may send);
   * default `{sha256: <sha256 of "<file name> (not served)">}`. The HTML form writes the first
   * entry as the link's `#<name>=<digest>` fragment.
   */
  readonly hashesOf?: (filename: string) => unknown;
}

interface Resource {
  readonly body: string;
  readonly contentType: string;
  readonly cacheControl: string;
  readonly etag: string;
}

interface ServedFile {
  readonly filename: string;
  readonly requiresPython: string | null;
  readonly yanked: boolean | string;
  readonly uploadTime: string | null;
  readonly metadata: string;
}

interface ServedProject {
  readonly name: string;
  readonly versions: string[];
  readonly files: ServedFile[];
  readonly status: Project['status'];
  readonly statusReason: string | null;
}

const PAGE_TYPE = 'application/vnd.pypi.simple.v1+json';
const HTML_TYPE = 'text/html; charset=utf-8';
const PAGE_CACHE = 'max-age=600, public';
const FILE_CACHE = 'max-age=365000000, immutable, public';
/** What PyPI sends (warehouse's simple and JSON API views). */
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since',
  'Access-Control-Allow-Methods': 'GET',
  'Access-Control-Max-Age': '86400',
  'Access-Control-Expose-Headers': 'X-PyPI-Last-Serial',
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** As Python's `html.escape` writes attribute values and text. */
const escapeHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#x27;');

type PageDocument = { name: string; meta: { 'api-version': string; '_last-serial'?: number }; files: Record<string, unknown>[]; 'project-status'?: { status?: string; reason?: string } };

/**
 * A PEP 691 page written in the HTML form, in the shape PyPI writes it (warehouse's
 * `api/simple/detail.html`), with links under `filesRoot` written relative to the page.
 */
function projectPageHtml(page: PageDocument, filesRoot: string | null = null): string {
  const status = page['project-status'];
  const head = [`    <meta name="pypi:repository-version" content="${escapeHtml(page.meta['api-version'])}">`];
  if (status?.status) head.push(`<meta name="pypi:project-status" content="${escapeHtml(status.status)}">`);
  if (status?.reason) head.push(`<meta name="pypi:project-status-reason" content="${escapeHtml(status.reason)}">`);
  const links = page.files.map((file) => {
    const url = String(file.url);
    const href = filesRoot && url.startsWith(filesRoot) ? `../../files/${url.slice(filesRoot.length)}` : url;
    const hashes = typeof file.hashes === 'object' && file.hashes !== null ? Object.entries(file.hashes as Record<string, unknown>) : [];
    let attributes = '';
    if (file['requires-python']) attributes += ` data-requires-python="${escapeHtml(String(file['requires-python']))}"`;
    if (file.yanked !== false && file.yanked != null) attributes += ` data-yanked="${file.yanked === true ? '' : escapeHtml(String(file.yanked))}"`;
    const metadata = file['core-metadata'] ?? file['data-dist-info-metadata'];
    if (metadata) {
      const value = metadata === true ? 'true' : Object.entries(metadata as Record<string, string>).map(([name, digest]) => `${name}=${digest}`)[0]!;
      attributes += ` data-dist-info-metadata="${value}" data-core-metadata="${value}"`;
    }
    const fragment = hashes.length > 0 ? `#${hashes[0]![0]}=${String(hashes[0]![1])}` : '';
    return `<a href="${escapeHtml(href + fragment)}"${attributes} >${escapeHtml(String(file.filename))}</a><br />`;
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '  <head>',
    `${head.join('\n')}    <title>Links for ${escapeHtml(page.name)}</title>`,
    '  </head>',
    '  <body>',
    `    <h1>Links for ${escapeHtml(page.name)}</h1>`,
    ...links,
    '</body>',
    '</html>',
    '<!--SERIAL 1-->',
  ].join('\n');
}

/** The project list in the HTML form, as PyPI writes it. */
function projectListHtml(names: readonly string[]): string {
  const links = names.map((name) => `    <a href="/simple/${normalizeName(name)}/">${escapeHtml(name)}</a>`);
  return ['<!DOCTYPE html>', '<html lang="en">', '  <head>', '    <meta name="pypi:repository-version" content="1.4">', '    <title>Simple index</title>', '  </head>', '  <body>', ...links, '</body>', '</html>'].join('\n');
}

/** PEP 427/625 escaping of a name in file names. */
const fileNamePart = (name: string) => normalizeName(name).replace(/-/g, '_');

export function metadataText(name: string, release: Pick<Release, 'version' | 'requiresDist' | 'requiresPython' | 'providesExtra'>): string {
  const lines = ['Metadata-Version: 2.1', `Name: ${name}`, `Version: ${release.version}`];
  if (release.requiresPython) lines.push(`Requires-Python: ${release.requiresPython}`);
  for (const extra of release.providesExtra) lines.push(`Provides-Extra: ${extra}`);
  for (const requirement of release.requiresDist) lines.push(`Requires-Dist: ${requirement}`);
  return `${lines.join('\n')}\n\n`;
}

function projectFromSnapshot(project: Project): ServedProject {
  const files: ServedFile[] = [];
  for (const release of project.releases) {
    const metadata = metadataText(project.name, release);
    const wheelVersion = formatVersion(parseVersion(release.version));
    const common = { requiresPython: release.requiresPython, yanked: release.yanked === false ? false : release.yanked || true, uploadTime: release.uploadTime, metadata };
    for (const tags of release.wheelTags ?? ['py3-none-any']) {
      files.push({ ...common, filename: `${fileNamePart(project.name)}-${wheelVersion}-${tags}.whl` });
    }
    if (release.sdist) files.push({ ...common, filename: `${fileNamePart(project.name)}-${release.version}.tar.gz` });
  }
  return { name: project.name, versions: project.releases.map((r) => r.version), files, status: project.status, statusReason: project.statusReason };
}

/** Real `.metadata` files: `requests-2.31.0-py3-none-any.whl.metadata` becomes a wheel of requests 2.31.0. */
function addRealMetadataFiles(projects: Map<string, ServedProject>, metadataDir: string): Map<string, string> {
  const byFilename = new Map<string, string>();
  for (const entry of readdirSync(metadataDir).filter((f) => f.endsWith('.metadata'))) {
    const text = readFileSync(join(metadataDir, entry), 'utf8');
    const filename = entry.slice(0, -'.metadata'.length);
    byFilename.set(filename, text);
    const header = (key: string) => new RegExp(`^${key}: *(.*)$`, 'mi').exec(text)?.[1]?.trim() ?? null;
    const name = header('Name')!;
    const version = header('Version')!;
    const key = normalizeName(name);
    const existing = projects.get(key) ?? { name, versions: [], files: [], status: 'active' as const, statusReason: null };
    const parsed = parseVersion(version);
    const sameVersion = (text: string) => {
      const v = tryParseVersion(text);
      return v !== null && formatVersion(v) === formatVersion(parsed);
    };
    const kept = existing.files.filter((f) => {
      const fileVersion = f.filename.endsWith('.whl') ? f.filename.split('-')[1]! : f.filename.slice(fileNamePart(name).length + 1, -'.tar.gz'.length);
      return !sameVersion(fileVersion);
    });
    kept.push({ filename, requiresPython: header('Requires-Python'), yanked: false, uploadTime: null, metadata: text });
    projects.set(key, { ...existing, versions: existing.versions.some(sameVersion) ? existing.versions : [...existing.versions, version], files: kept });
  }
  return byFilename;
}

export async function startIndexServer(options: IndexServerOptions): Promise<IndexServer> {
  const projects = new Map<string, ServedProject>();
  for (const project of options.snapshot?.projects.values() ?? []) projects.set(project.key, projectFromSnapshot(project));

  // Real PyPI answers, by normalised name: simple pages and JSON API documents.
  const realPages = new Map<string, string>();
  const realJson = new Map<string, { info: { version: string } } & Record<string, unknown>>();
  let realMetadata = new Map<string, string>();
  if (options.pypiResponses) {
    const responses = join(options.pypiResponses, 'pypi_response');
    for (const entry of readdirSync(responses)) {
      const match = /^(.*)_(simple|json)\.json$/.exec(entry);
      if (!match) continue;
      const key = normalizeName(match[1]!);
      const text = readFileSync(join(responses, entry), 'utf8');
      if (match[2] === 'simple') realPages.set(key, text);
      else realJson.set(key, JSON.parse(text));
    }
    const metadataDir = join(options.pypiResponses, 'metadata');
    if (existsSync(metadataDir)) realMetadata = addRealMetadataFiles(projects, metadataDir);
  }

  const faults: { rule: FaultRule; left: number }[] = [];
  const requests: RequestRecord[] = [];
  const lastModified = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000).toUTCString();
  const resources = new Map<string, Resource | null>();
  let origin = '';

  const resource = (body: string, contentType: string, cacheControl: string): Resource => ({ body, contentType, cacheControl, etag: `"${sha256(body).slice(0, 24)}"` });

  const html = options.form === 'html';
  const htmlType = options.htmlContentType ?? HTML_TYPE;

  const pageOf = (key: string): Resource | null => {
    const real = realPages.get(key);
    if (real) {
      const json = real.replaceAll('https://files.pythonhosted.org/', `${origin}/files/`);
      return html ? resource(projectPageHtml(JSON.parse(json) as PageDocument, `${origin}/files/`), htmlType, PAGE_CACHE) : resource(json, PAGE_TYPE, PAGE_CACHE);
    }
    const project = projects.get(key);
    if (!project) return null;
    const page: PageDocument & Record<string, unknown> = {
      meta: { 'api-version': '1.4', '_last-serial': 1 },
      name: project.name,
      versions: project.versions,
      files: project.files.map((f) => ({
        filename: f.filename,
        url: `${options.filesAt ?? `${origin}/files/`}${key}/${f.filename}`,
        hashes: options.hashesOf ? options.hashesOf(f.filename) : { sha256: sha256(`${f.filename} (not served)`) },
        'requires-python': f.requiresPython,
        yanked: f.yanked,
        ...(f.uploadTime ? { 'upload-time': f.uploadTime } : {}),
        size: 1000,
        'core-metadata': { sha256: sha256(f.metadata) },
        'data-dist-info-metadata': { sha256: sha256(f.metadata) },
      })),
    };
    if (project.status !== 'active') page['project-status'] = { status: project.status, ...(project.statusReason ? { reason: project.statusReason } : {}) };
    return html ? resource(projectPageHtml(page, `${origin}/files/`), htmlType, PAGE_CACHE) : resource(JSON.stringify(page), PAGE_TYPE, PAGE_CACHE);
  };

  const metadataOf = (path: string): Resource | null => {
    const filename = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1, -'.metadata'.length));
    const real = realMetadata.get(filename);
    if (real !== undefined) return resource(real, 'application/octet-stream', FILE_CACHE);
    // /files/<key>/<filename>.metadata for snapshot files; real pages' files are only in realMetadata.
    const key = /^\/files\/([^/]+)\//.exec(path)?.[1];
    const file = key ? projects.get(key)?.files.find((f) => f.filename === filename) : undefined;
    return file ? resource(file.metadata, 'application/octet-stream', FILE_CACHE) : null;
  };

  const jsonApiOf = (key: string, version: string | null): Resource | null => {
    const real = realJson.get(key);
    if (real && (version === null || real.info.version === version)) {
      const doc = version === null ? real : { info: real.info, urls: real.urls, vulnerabilities: [] };
      return resource(JSON.stringify(doc), 'application/json', PAGE_CACHE);
    }
    const project = options.snapshot?.projects.get(key);
    const release = project && version !== null ? project.releases.find((r) => r.version === version) : undefined;
    if (!project || !release) return null;
    const info = { name: project.name, version: release.version, requires_dist: release.requiresDist.length ? release.requiresDist : null, requires_python: release.requiresPython ?? '', yanked: release.yanked !== false, yanked_reason: release.yanked || null };
    return resource(JSON.stringify({ info, urls: [], vulnerabilities: [] }), 'application/json', PAGE_CACHE);
  };

  const projectList = (): Resource => {
    const names = new Set([...projects.values()].map((p) => p.name));
    for (const key of realPages.keys()) if (!projects.has(key)) names.add(key);
    if (html) return resource(projectListHtml([...names].sort()), htmlType, PAGE_CACHE);
    return resource(JSON.stringify({ meta: { 'api-version': '1.4', '_last-serial': 1 }, projects: [...names].sort().map((name) => ({ name })) }), PAGE_TYPE, PAGE_CACHE);
  };

  /** What a path serves: a resource, a redirect to the normalised project URL, or nothing. */
  const route = (path: string): Resource | { redirect: string } | null => {
    if (path === '/simple/') return projectList();
    let m = /^\/simple\/([^/]+)\/?$/.exec(path);
    if (m) {
      const name = decodeURIComponent(m[1]!);
      const key = normalizeName(name);
      if (name !== key || !path.endsWith('/')) return { redirect: `/simple/${key}/` };
      return cached(path, () => pageOf(key));
    }
    if (path.startsWith('/files/') && path.endsWith('.metadata')) return cached(path, () => metadataOf(path));
    m = /^\/pypi\/([^/]+)\/(?:([^/]+)\/)?json$/.exec(path);
    if (m) return cached(path, () => jsonApiOf(normalizeName(decodeURIComponent(m![1]!)), m![2] ? decodeURIComponent(m![2]) : null));
    return null;
  };

  const cached = (path: string, make: () => Resource | null): Resource | null => {
    if (!resources.has(path)) resources.set(path, make());
    return resources.get(path)!;
  };

  const takeFaults = (path: string): Fault[] => {
    const taken: Fault[] = [];
    for (const entry of faults) {
      const { rule } = entry;
      const matches = typeof rule.path === 'string' ? path.startsWith(rule.path) : rule.path.test(path);
      if (!matches || entry.left <= 0) continue;
      entry.left--;
      taken.push(rule.fault);
    }
    return taken;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const conditional = Boolean(req.headers['if-none-match'] || req.headers['if-modified-since']);
    const authorization = req.headers.authorization ?? null;
    // Listed as it arrives, its status filled in when it is answered: a request a client gave up
    // on (a test of time limits) is answered after its latency, and listed at its answer it
    // would land among a later test's requests.
    const entry: { -readonly [K in keyof RequestRecord]: RequestRecord[K] } = { method: req.method ?? 'GET', path, status: 0, conditional, ...(authorization === null ? {} : { authorization }) };
    requests.push(entry);
    const record = (status: number) => {
      entry.status = status;
    };
    const active = takeFaults(path);
    const cors = active.some((f) => f.kind === 'no-cors') ? {} : CORS_HEADERS;
    for (const fault of active) if (fault.kind === 'latency') await new Promise((r) => setTimeout(r, fault.ms));

    if (options.login && req.method !== 'OPTIONS' && authorization !== `Basic ${Buffer.from(`${options.login.username}:${options.login.password}`).toString('base64')}`) {
      record(401);
      res.writeHead(401, { ...cors, 'WWW-Authenticate': 'Basic realm="private index"' }).end();
      return;
    }
    if (req.method === 'OPTIONS') {
      record(204);
      res.writeHead(204, cors).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      record(405);
      res.writeHead(405, { ...cors, Allow: 'GET, HEAD, OPTIONS' }).end();
      return;
    }
    if (active.some((f) => f.kind === 'reset')) {
      record(0);
      req.socket.destroy();
      return;
    }
    const statusFault = active.find((f): f is Extract<Fault, { kind: 'status' }> => f.kind === 'status');
    if (statusFault) {
      record(statusFault.status);
      res.writeHead(statusFault.status, { ...cors, 'Content-Type': 'text/plain', ...(statusFault.retryAfter ? { 'Retry-After': statusFault.retryAfter } : {}) });
      res.end(`injected ${statusFault.status}`);
      return;
    }

    const found = route(path);
    if (found === null) {
      record(404);
      res.writeHead(404, { ...cors, 'Content-Type': 'text/plain', 'Cache-Control': PAGE_CACHE }).end('404 Not Found');
      return;
    }
    if ('redirect' in found) {
      record(301);
      res.writeHead(301, { ...cors, Location: found.redirect }).end();
      return;
    }
    // An HTML-only index serves HTML whatever the client prefers.
    if (path.startsWith('/simple/') && !html) {
      const accept = String(req.headers.accept ?? '');
      if (!accept.includes(PAGE_TYPE) && !accept.includes('application/json')) {
        record(406);
        res.writeHead(406, { ...cors, 'Content-Type': 'text/plain' }).end('this test index serves only PEP 691 JSON');
        return;
      }
    }

    const headers = { ...cors, 'Content-Type': found.contentType, 'Cache-Control': found.cacheControl, ETag: found.etag, 'Last-Modified': lastModified, 'X-PyPI-Last-Serial': '1' };
    const ifNoneMatch = req.headers['if-none-match'];
    const ifModifiedSince = req.headers['if-modified-since'];
    // A body fault needs a body: it turns what would be a 304 into a broken 200.
    const bodyFault = active.some((f) => f.kind === 'malformed' || f.kind === 'truncate');
    const notModified = bodyFault ? false : ifNoneMatch ? ifNoneMatch.split(',').map((t) => t.trim()).includes(found.etag) : ifModifiedSince ? Date.parse(ifModifiedSince) >= Date.parse(lastModified) : false;
    if (notModified) {
      record(304);
      res.writeHead(304, headers).end();
      return;
    }

    const body = Buffer.from(active.some((f) => f.kind === 'malformed') ? `${found.body.slice(0, Math.floor(found.body.length / 2))}\u0000}{` : found.body, 'utf8');
    record(200);
    res.writeHead(200, { ...headers, 'Content-Length': String(body.byteLength) });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    if (active.some((f) => f.kind === 'truncate')) {
      res.write(body.subarray(0, Math.floor(body.byteLength / 2)), () => setTimeout(() => req.socket.destroy(), 10));
      return;
    }
    res.end(body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, CORS_HEADERS).end(String(error));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    indexUrl: `${origin}/simple/`,
    jsonApiUrl: `${origin}/pypi/`,
    requests,
    addFault: (rule) => faults.push({ rule, left: rule.times ?? Infinity }),
    clearFaults: () => {
      faults.length = 0;
    },
    projectNames: () => [...new Set([...projects.keys(), ...realPages.keys()])].sort(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
