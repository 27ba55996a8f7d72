/**
 * Which client a request is counted as: the connection's address, or behind a reverse proxy the
 * operator trusts (`--trust-proxy`), the one its X-Forwarded-For names, read from the right.
 */
import { describe, expect, it } from 'vitest';
import { clientGroup, requestClient, trustProxies, TrustProxyError } from '../../../src/server/client-address.ts';

/** This machine, a private network of proxies, and an IPv6 one. */
const trusted = trustProxies(['loopback', '10.0.0.0/8', '2001:db8:ffff::/48']);

/** Headers with each X-Forwarded-For line given, in order, as a proxy chain sends them. */
function forwardedFor(...lines: string[]): Headers {
  const headers = new Headers();
  for (const line of lines) headers.append('X-Forwarded-For', line);
  return headers;
}

describe('the client of a request', () => {
  // [what, connection's address, X-Forwarded-For lines, client address, forwarded]
  it.each([
    ['no header from an untrusted connection', '203.0.113.9', [], '203.0.113.9', false],
    ['a forged header from an untrusted connection', '203.0.113.9', ['198.51.100.1'], '203.0.113.9', false],
    ['a forged private address from an untrusted connection', '203.0.113.9', ['127.0.0.1'], '203.0.113.9', false],
    ['a private connection that is not a trusted proxy', '192.168.1.5', ['198.51.100.1'], '192.168.1.5', false],
    ['no header from a trusted proxy', '127.0.0.1', [], '127.0.0.1', false],
    ['the client a trusted proxy names', '127.0.0.1', ['203.0.113.9'], '203.0.113.9', true],
    ['the rightmost address, past what the client wrote itself', '127.0.0.1', ['198.51.100.1, 203.0.113.9'], '203.0.113.9', true],
    ['the client, past a private address it wrote itself', '127.0.0.1', ['10.1.1.1, 127.0.0.1, 203.0.113.9'], '203.0.113.9', true],
    ['the client, past a chain of trusted proxies', '127.0.0.1', ['198.51.100.1, 203.0.113.9, 10.0.0.2, 10.0.0.3'], '203.0.113.9', true],
    ['the first untrusted address in a chain, which may be a proxy not listed', '10.0.0.3', ['203.0.113.9, 198.51.100.7, 10.0.0.2'], '198.51.100.7', true],
    ['a private client that a trusted proxy names (a study on its own network)', '10.0.0.2', ['192.168.1.20'], '192.168.1.20', true],
    ['the furthest proxy when every address is a trusted one', '127.0.0.1', ['10.0.0.5, 10.0.0.2'], '10.0.0.5', false],
    ['the connection when the rightmost entry is unknown', '127.0.0.1', ['203.0.113.9, unknown'], '127.0.0.1', false],
    ['the trusted proxy that wrote an unknown entry', '127.0.0.1', ['198.51.100.1, unknown, 10.0.0.3'], '10.0.0.3', false],
    ['the trusted proxy that wrote an obfuscated identifier', '127.0.0.1', ['_hidden, 10.0.0.3'], '10.0.0.3', false],
    ['the trusted proxy that wrote a name', '127.0.0.1', ['client.example, 10.0.0.3'], '10.0.0.3', false],
    ['the trusted proxy that wrote a malformed IPv4 address', '127.0.0.1', ['203.0.113.256'], '127.0.0.1', false],
    ['the trusted proxy that wrote an IPv4 address with leading zeros', '127.0.0.1', ['010.0.0.1'], '127.0.0.1', false],
    ['the trusted proxy that wrote an IPv4 address in brackets', '127.0.0.1', ['[203.0.113.9]'], '127.0.0.1', false],
    ['the trusted proxy that wrote an address with a zone index', '127.0.0.1', ['fe80::1%eth0'], '127.0.0.1', false],
    ['the trusted proxy that wrote a quoted address', '127.0.0.1', ['"203.0.113.9"'], '127.0.0.1', false],
    ['an IPv4 client with a port', '127.0.0.1', ['203.0.113.9:5678'], '203.0.113.9', true],
    ['an IPv6 client', '127.0.0.1', ['2001:db8:1:2::9'], '2001:db8:1:2::9', true],
    ['an IPv6 client in brackets', '127.0.0.1', ['[2001:db8:1:2::9]'], '2001:db8:1:2::9', true],
    ['an IPv6 client in brackets with a port, in capitals', '127.0.0.1', ['[2001:DB8:1:2::9]:443'], '2001:db8:1:2::9', true],
    ['an IPv6 client, past a trusted IPv6 proxy with a port', '::1', ['2001:db8:1:2::9, [2001:db8:ffff::7]:8443'], '2001:db8:1:2::9', true],
    ['an IPv4-mapped client over a dual-stack proxy', '::ffff:127.0.0.1', ['::ffff:203.0.113.9'], '::ffff:203.0.113.9', true],
    ['a trusted proxy at an IPv4-mapped address', '127.0.0.1', ['203.0.113.9, ::ffff:10.0.0.2'], '203.0.113.9', true],
    ['the rightmost address of the last header line', '127.0.0.1', ['203.0.113.9', '198.51.100.1'], '198.51.100.1', true],
    ['the client, past a trusted proxy on a header line of its own', '127.0.0.1', ['198.51.100.1, 203.0.113.9', '10.0.0.2'], '203.0.113.9', true],
    ['the client, past empty elements and empty lines', '127.0.0.1', [' 203.0.113.9 ,, 10.0.0.2 ,', ''], '203.0.113.9', true],
  ] as const)('%s', (_, connection, lines, address, forwarded) => {
    expect(requestClient(connection, forwardedFor(...lines), trusted)).toEqual({ address, forwarded });
  });

  it('is the connection, whatever the headers, when no proxy is trusted', () => {
    expect(requestClient('127.0.0.1', forwardedFor('203.0.113.9'), null)).toEqual({ address: '127.0.0.1', forwarded: false });
    expect(requestClient(undefined, forwardedFor('203.0.113.9'), trusted)).toEqual({ address: 'unknown', forwarded: false });
  });

  it('does not read the Forwarded header (RFC 7239), which proxies pass on as the client sent it', () => {
    expect(requestClient('127.0.0.1', new Headers({ Forwarded: 'for=198.51.100.1' }), trusted)).toEqual({ address: '127.0.0.1', forwarded: false });
    expect(requestClient('127.0.0.1', new Headers({ Forwarded: 'for="[2001:db8::1]:443"', 'X-Forwarded-For': '203.0.113.9' }), trusted)).toEqual({ address: '203.0.113.9', forwarded: true });
  });
});

describe('the group a client is counted under', () => {
  it.each([
    ['a public client a proxy names', { address: '203.0.113.9', forwarded: true }, '203.0.113.9'],
    ['a private client a proxy names', { address: '192.168.1.20', forwarded: true }, '192.168.1.20'],
    ['a loopback client a proxy names', { address: '127.0.0.1', forwarded: true }, '127.0.0.1'],
    ['an IPv6 client a proxy names, by its /64', { address: '2001:db8:1:2::9', forwarded: true }, '2001:db8:1:2::/64'],
    ['an IPv4-mapped client a proxy names', { address: '::ffff:192.168.1.20', forwarded: true }, '192.168.1.20'],
    ['a public connection', { address: '203.0.113.9', forwarded: false }, '203.0.113.9'],
    ['a private connection, or a proxy', { address: '10.0.0.2', forwarded: false }, null],
    ['a loopback connection', { address: '::1', forwarded: false }, null],
    ['no address', { address: 'unknown', forwarded: false }, null],
  ] as const)('%s', (_, client, group) => {
    expect(clientGroup(client)).toBe(group);
  });
});

describe('--trust-proxy values', () => {
  it('takes addresses, networks and loopback, several to a value or in several values', () => {
    expect(trustProxies(['loopback']).networks).toEqual(['127.0.0.0/8', '::1/128']);
    const proxies = trustProxies(['10.0.0.0/8, 192.0.2.1', 'FD00::/8', 'Loopback']);
    expect(proxies.networks).toEqual(['10.0.0.0/8', '192.0.2.1/32', 'fd00::/8', '127.0.0.0/8', '::1/128']);
    for (const address of ['10.200.0.1', '192.0.2.1', 'fd12::1', '127.0.0.2', '::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) expect(proxies.includes(address), address).toBe(true);
    for (const address of ['11.0.0.1', '192.0.2.2', 'fe80::1', '203.0.113.9', 'unknown', '']) expect(proxies.includes(address), address).toBe(false);
  });

  it.each([
    ['10.0.0.0/8,', 'an entry is empty: expected ADDRESS, ADDRESS/PREFIX'],
    ['', 'an entry is empty'],
    ['proxy.example', '"proxy.example" is not an IP address or network: expected ADDRESS, ADDRESS/PREFIX (a network: 10.0.0.0/8, fd00::/8) or loopback'],
    ['loopback,10.0.0.256', '"10.0.0.256" is not an IP address or network'],
    ['[::1]', '"[::1]" is not an IP address or network'],
    ['10.0.0.1:8080', '"10.0.0.1:8080" is not an IP address or network'],
    ['fe80::1%eth0', '"fe80::1%eth0" is not an IP address or network'],
    ['10.0.0.0/8/8', '"10.0.0.0/8/8" is not an IP address or network'],
    ['10.0.0.0/33', '"10.0.0.0/33": the prefix of an IPv4 network is 1 to 32'],
    ['fd00::/129', '"fd00::/129": the prefix of an IPv6 network is 1 to 128'],
    ['10.0.0.0/', '"10.0.0.0/": the prefix of an IPv4 network is 1 to 32'],
    ['10.0.0.0/eight', '"10.0.0.0/eight": the prefix of an IPv4 network is 1 to 32'],
    ['0.0.0.0/0', '"0.0.0.0/0" trusts every address, so any client could name its own in X-Forwarded-For'],
    ['::/0', '"::/0" trusts every address'],
  ])('refuses %j, saying which entry and why', (value, message) => {
    let error: unknown;
    try {
      trustProxies(['loopback', value]);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(TrustProxyError);
    expect(error).toMatchObject({ value, message: expect.stringContaining(message) });
  });
});
