/**
 * A private index: a login in the index URL is sent as HTTP Basic authentication to the index's
 * own origin and nowhere else (not to another host's files, not across a redirect), and never
 * appears in what Pipette prints. Masking follows pip's redact_auth_from_url; its own test
 * cases (tests/unit/test_utils.py, pip 23.2) come first below.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuthorization, IndexRequestError, normalizeIndexUrl, redactLogins, SimpleIndexClient, splitLogin } from '../../../src/sources/index.ts';

describe('redactLogins', () => {
  it.each([
    // pip 23.2's own cases (tests/unit/test_utils.py, test_redact_auth_from_url).
    ['https://accesstoken@example.com/abc', 'https://****@example.com/abc'],
    ['https://user:password@example.com', 'https://user:****@example.com'],
    ['https://user:@example.com', 'https://user:****@example.com'],
    ['https://example.com', 'https://example.com'],
    ['https://user%3Aname:%23%40%5E@example.com', 'https://user%3Aname:****@example.com'],
    // And more, in the same rules.
    ['https://user:pass@domain.tld/project/tags/v0.2', 'https://user:****@domain.tld/project/tags/v0.2'],
    ['https://domain.tld/project/tags/v0.2', 'https://domain.tld/project/tags/v0.2'],
    ['https://user@domain.tld/project/tags/v0.2', 'https://****@domain.tld/project/tags/v0.2'],
    ['https://user:@domain.tld/project/tags/v0.2', 'https://user:****@domain.tld/project/tags/v0.2'],
    ['https://:pass@domain.tld/project/tags/v0.2', 'https://:****@domain.tld/project/tags/v0.2'],
    ['https://user:pass@domain.tld:8080/project', 'https://user:****@domain.tld:8080/project'],
    ['git+https://token@github.com/a/b.git', 'git+https://****@github.com/a/b.git'],
    // pip takes the user part up to the last `@` of the authority.
    ['https://user:p@ss@domain.tld/simple/', 'https://user:****@domain.tld/simple/'],
    ['see https://u:secret@a.example/x and http://t0k@b.example/', 'see https://u:****@a.example/x and http://****@b.example/'],
    ['mail me at pip@example.com', 'mail me at pip@example.com'],
    ['https://domain.tld/path@version', 'https://domain.tld/path@version'],
  ])('%s', (text, shown) => {
    expect(redactLogins(text)).toBe(shown);
  });
});

describe('splitLogin and basicAuthorization', () => {
  it('takes the login out of the URL, percent-decoded as pip unquotes it', () => {
    const { url, login } = splitLogin(new URL('https://us%40er:p%3Ass%20w@host.example/simple/'));
    expect(url.href).toBe('https://host.example/simple/');
    expect(login).toEqual({ username: 'us@er', password: 'p:ss w' });
    expect(basicAuthorization(login!)).toBe(`Basic ${Buffer.from('us@er:p:ss w').toString('base64')}`);
  });

  it('sends a token alone as a user with an empty password, as pip does', () => {
    const { login } = splitLogin(new URL('https://t0ken@host.example/simple/'));
    expect(basicAuthorization(login!)).toBe(`Basic ${Buffer.from('t0ken:').toString('base64')}`);
  });

  it('encodes a login outside Latin-1 as UTF-8', () => {
    expect(basicAuthorization({ username: 'zoë', password: '✓' })).toBe(`Basic ${Buffer.from('zoë:✓', 'utf8').toString('base64')}`);
  });

  it('masks the login in the errors of an index URL that cannot be used', () => {
    expect(() => normalizeIndexUrl('ftp://user:hunter2@host/simple')).toThrow(/^ftp:\/\/user:\*\*\*\*@host\/simple is not an http or https URL/);
    expect(() => normalizeIndexUrl('ftp://user:hunter2@host/simple')).not.toThrow(/hunter2/);
  });
});

interface Seen {
  readonly server: 'index' | 'other';
  readonly path: string;
  readonly authorization: string | undefined;
}

const JSON_TYPE = 'application/vnd.pypi.simple.v1+json';

describe('a client with a login, over HTTP', () => {
  const seen: Seen[] = [];
  let index: Server;
  let other: Server;
  let indexOrigin = '';
  let otherOrigin = '';
  const expected = basicAuthorization({ username: 'alice', password: 's3cret' });

  const listen = async (server: Server, host: string): Promise<string> => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://${host}:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    index = createServer((req: IncomingMessage, res: ServerResponse) => {
      const path = req.url ?? '/';
      seen.push({ server: 'index', path, authorization: req.headers.authorization });
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="private"' }).end();
        return;
      }
      if (path === '/simple/moved/') {
        res.writeHead(302, { location: `${otherOrigin}/simple/moved/` }).end();
        return;
      }
      if (path === '/simple/nearby/') {
        res.writeHead(302, { location: '/simple/here/' }).end();
        return;
      }
      const name = path.split('/')[2]!;
      const withBob = otherOrigin.replace('//', '//bob:link-pw@');
      const files =
        name === 'linked'
          ? // Links with a login of their own, as some indexes write them.
            [
              { filename: 'linked-1.0-py3-none-any.whl', url: `${withBob}/private/linked-1.0-py3-none-any.whl`, hashes: {}, 'core-metadata': true },
              { filename: 'linked-2.0-py3-none-any.whl', url: `${withBob}/private/moved/linked-2.0-py3-none-any.whl`, hashes: {}, 'core-metadata': true },
              { filename: 'linked-3.0-py3-none-any.whl', url: `${otherOrigin}/private/linked-3.0-py3-none-any.whl`, hashes: {}, 'core-metadata': true },
            ]
          : [
              { filename: `${name}-1.0-py3-none-any.whl`, url: `${otherOrigin}/files/${name}-1.0-py3-none-any.whl`, hashes: {}, 'core-metadata': true },
              { filename: `${name}-2.0-py3-none-any.whl`, url: `/files/${name}-2.0-py3-none-any.whl`, hashes: {}, 'core-metadata': true },
            ];
      if (path.startsWith('/files/')) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`Metadata-Version: 2.1\nName: ${name}\nVersion: 2.0\n`);
        return;
      }
      res.writeHead(200, { 'content-type': JSON_TYPE }).end(JSON.stringify({ meta: { 'api-version': '1.1' }, name, files }));
    });
    other = createServer((req, res) => {
      seen.push({ server: 'other', path: req.url ?? '/', authorization: req.headers.authorization });
      if ((req.url ?? '').startsWith('/private/')) {
        if (req.headers.authorization !== basicAuthorization({ username: 'bob', password: 'link-pw' })) {
          res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="files"' }).end();
          return;
        }
        // To another host (the index's name for the same machine): the link's login must not follow.
        if (req.url!.startsWith('/private/moved/')) {
          res.writeHead(302, { location: `${indexOrigin}/files/linked-2.0-py3-none-any.whl.metadata` }).end();
          return;
        }
        const version = /-(\d\.\d)-/.exec(req.url!)![1];
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`Metadata-Version: 2.1\nName: linked\nVersion: ${version}\n`);
        return;
      }
      if ((req.url ?? '').startsWith('/files/')) res.writeHead(200, { 'content-type': 'text/plain' }).end('Metadata-Version: 2.1\nName: thing\nVersion: 1.0\n');
      else res.writeHead(200, { 'content-type': JSON_TYPE }).end(JSON.stringify({ meta: { 'api-version': '1.1' }, name: 'moved', files: [] }));
    });
    indexOrigin = await listen(index, '127.0.0.1');
    // Another origin on the same machine: another host name for the same address.
    otherOrigin = await listen(other, 'localhost');
  });

  afterAll(async () => {
    await new Promise((resolve) => index.close(resolve));
    await new Promise((resolve) => other.close(resolve));
  });

  const client = (login: string) => new SimpleIndexClient({ indexUrl: `${indexOrigin.replace('//', `//${login}@`)}/simple/`, retry: { attempts: 1 } });

  it('sends the login to the index, and shows the URL without it', async () => {
    const withLogin = client('alice:s3cret');
    expect(withLogin.indexUrl).toBe(`${indexOrigin}/simple/`);
    expect(withLogin.loginFrom).toBe('the index URL');
    const page = await withLogin.getProjectPage('thing');
    expect(page.found).toBe(true);
    expect(page.url).toBe(`${indexOrigin}/simple/thing/`);
    expect(seen.at(-1)).toEqual({ server: 'index', path: '/simple/thing/', authorization: expected });
  });

  it("sends it to the index's own files, and not to another host's", async () => {
    const withLogin = client('alice:s3cret');
    const page = await withLogin.getProjectPage('files');
    if (!page.found) throw new Error('expected the page');
    const before = seen.length;
    for (const file of page.value.page.files) await withLogin.getCoreMetadata(file);
    const metadata = seen.slice(before);
    expect(metadata).toContainEqual({ server: 'other', path: '/files/files-1.0-py3-none-any.whl.metadata', authorization: undefined });
    expect(metadata).toContainEqual({ server: 'index', path: '/files/files-2.0-py3-none-any.whl.metadata', authorization: expected });
  });

  it('keeps it across a redirect on the same origin, and drops it on a redirect to another', async () => {
    const withLogin = client('alice:s3cret');
    await withLogin.getProjectPage('nearby');
    expect(seen.at(-1)).toEqual({ server: 'index', path: '/simple/here/', authorization: expected });
    await withLogin.getProjectPage('moved');
    expect(seen.at(-1)).toEqual({ server: 'other', path: '/simple/moved/', authorization: undefined });
  });

  it("sends a file link's own login to the link's host, as pip does, keeps it out of the URL, and not across a redirect to another host", async () => {
    const withLogin = client('alice:s3cret');
    const page = await withLogin.getProjectPage('linked');
    if (!page.found) throw new Error('expected the page');
    const [first, moved, third] = page.value.page.files;
    const bob = basicAuthorization({ username: 'bob', password: 'link-pw' });

    const before = seen.length;
    const metadata = await withLogin.getCoreMetadata(first!);
    expect(metadata.found && metadata.value.version).toBe('1.0');
    // Fetched, cached and named without the login.
    expect(metadata.url).toBe(`${otherOrigin}/private/linked-1.0-py3-none-any.whl.metadata`);
    expect(seen.slice(before)).toEqual([{ server: 'other', path: '/private/linked-1.0-py3-none-any.whl.metadata', authorization: bob }]);

    // A link without a login, to a host an earlier link gave one for: pip keeps logins by host, and sends it.
    const third1 = await withLogin.getCoreMetadata(third!);
    expect(third1.found).toBe(true);
    expect(seen.at(-1)).toEqual({ server: 'other', path: '/private/linked-3.0-py3-none-any.whl.metadata', authorization: bob });

    // Redirected to another host: neither the link's login nor the index's goes with it (the index then refuses).
    const error = await withLogin.getCoreMetadata(moved!).catch((e: unknown) => e);
    expect(seen.at(-1)).toEqual({ server: 'index', path: '/files/linked-2.0-py3-none-any.whl.metadata', authorization: undefined });
    expect(error).toBeInstanceOf(IndexRequestError);
    expect((error as Error).message).not.toContain('link-pw');
    expect(seen.every((s) => s.server === 'index' || s.authorization === undefined || s.authorization === bob)).toBe(true);
  });

  it('says the login was refused, without showing it, when the index does not take it', async () => {
    const error = await client('alice:wrong-password').getProjectPage('thing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexRequestError);
    const message = (error as Error).message;
    expect(message).toContain(`${indexOrigin}/simple/thing/: the index refused access (401 Unauthorized). It did not accept the login Pipette sent`);
    expect(message).not.toContain('wrong-password');
  });

  it('says how to give a login when none was sent', async () => {
    const error = await new SimpleIndexClient({ indexUrl: `${indexOrigin}/simple/`, retry: { attempts: 1 } }).getProjectPage('thing').catch((e: unknown) => e);
    expect((error as Error).message).toContain('Pipette sent no login. Give one in the index URL (https://USER:PASSWORD@host/');
  });

  it('takes a login given beside the URL (netrc) when the URL has no password, and the URL its own otherwise', async () => {
    const fromNetrc = new SimpleIndexClient({ indexUrl: `${indexOrigin}/simple/`, login: { username: 'alice', password: 's3cret', from: '/home/alice/.netrc' } });
    expect(fromNetrc.loginFrom).toBe('/home/alice/.netrc');
    expect((await fromNetrc.getProjectPage('thing')).found).toBe(true);
    // A user alone in the URL gives way to netrc, as in pip; a password in the URL does not.
    expect(new SimpleIndexClient({ indexUrl: `${indexOrigin.replace('//', '//alice@')}/simple/`, login: { username: 'alice', password: 's3cret', from: 'netrc' } }).loginFrom).toBe('netrc');
    expect(new SimpleIndexClient({ indexUrl: `${indexOrigin.replace('//', '//bob:pw@')}/simple/`, login: { username: 'alice', password: 's3cret', from: 'netrc' } }).loginFrom).toBe('the index URL');
  });

  it('masks a login that an index put in a file link, in the error of that request', async () => {
    const error = new IndexRequestError('unreachable', 'https://mallory:pw123@files.example/x.whl', 'the request failed (https://mallory:pw123@files.example/x.whl)', '');
    expect(error.message).toBe('https://mallory:****@files.example/x.whl: the request failed (https://mallory:****@files.example/x.whl)');
    expect(error.url).not.toContain('pw123');
  });
});
