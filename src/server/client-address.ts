/**
 * Which client a request comes from: the connection's address, or, when the connection comes
 * from a reverse proxy the operator named (`pipette study serve --trust-proxy`), the address that
 * proxy was connected from, as its X-Forwarded-For says. The rate limit on new sessions and each
 * address's share of a study (address.ts) both count this client.
 *
 * The header is read only on a connection from a trusted proxy, and from its right end, as nginx
 * (`set_real_ip_from`, `real_ip_recursive on`), Express (`trust proxy`) and uvicorn
 * (`--forwarded-allow-ips`) read it: each proxy appends the address it was connected from, so
 * whatever a client writes into the header itself lies left of its real address, and the walk
 * stops at the first address that is not a trusted proxy's. A client can't choose the address it
 * is counted under, nor escape counting by naming a private one, as long as the proxies set or
 * append the header (one that passes a client's header on untouched lets the client name any).
 *
 * `Forwarded` (RFC 7239) is not read: nginx, Caddy, Traefik and the cloud load balancers keep
 * X-Forwarded-For and pass a `Forwarded` header on as the client sent it, so reading it would
 * take the client's word for its address.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { addressGroup, networkGroup } from './address.ts';

/** A --trust-proxy value with an entry that names no network: `value` is the whole value, the message says which entry and why. */
export class TrustProxyError extends Error {
  constructor(
    readonly value: string,
    message: string,
  ) {
    super(message);
    this.name = 'TrustProxyError';
  }
}

export interface TrustedProxies {
  /** The networks trusted, as ADDRESS/PREFIX (`loopback` is 127.0.0.0/8 and ::1/128), to show the operator. */
  readonly networks: readonly string[];
  /** Whether `address` is one of them; an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is its IPv4 address. */
  includes(address: string): boolean;
}

const LOOPBACK = ['127.0.0.0/8', '::1/128'];
const ENTRY = 'expected ADDRESS, ADDRESS/PREFIX (a network: 10.0.0.0/8, fd00::/8) or loopback, separated by commas';

function family(address: string): 'ipv4' | 'ipv6' | null {
  if (isIPv4(address)) return 'ipv4';
  // A zone index (fe80::1%eth0) names an interface of one machine; BlockList can't match it.
  return isIPv6(address) && !address.includes('%') ? 'ipv6' : null;
}

/** One network of a --trust-proxy value, or a TrustProxyError saying why `entry` is none. */
function parseNetwork(value: string, entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  if (entry === '') throw new TrustProxyError(value, `an entry is empty: ${ENTRY}`);
  const [address = '', prefixText, ...rest] = entry.split('/');
  const kind = family(address);
  if (kind === null || rest.length > 0) throw new TrustProxyError(value, `${JSON.stringify(entry)} is not an IP address or network: ${ENTRY}`);
  const bits = kind === 'ipv4' ? 32 : 128;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) throw new TrustProxyError(value, `${JSON.stringify(entry)}: the prefix of an ${kind === 'ipv4' ? 'IPv4' : 'IPv6'} network is 1 to ${bits}`);
  if (prefix === 0) throw new TrustProxyError(value, `${JSON.stringify(entry)} trusts every address, so any client could name its own in X-Forwarded-For: give your proxies' addresses or networks`);
  return { address: address.toLowerCase(), prefix, family: kind };
}

/**
 * The proxies that `--trust-proxy` values name: each value one or more of `ADDRESS`,
 * `ADDRESS/PREFIX` or `loopback`, separated by commas. Throws TrustProxyError at the first entry
 * that is none of these.
 */
export function trustProxies(values: readonly string[]): TrustedProxies {
  const trusted = new BlockList();
  const networks: string[] = [];
  for (const value of values) {
    for (const entry of value.split(',').map((e) => e.trim())) {
      for (const text of entry.toLowerCase() === 'loopback' ? LOOPBACK : [entry]) {
        const network = parseNetwork(value, text);
        trusted.addSubnet(network.address, network.prefix, network.family);
        networks.push(`${network.address}/${network.prefix}`);
      }
    }
  }
  return {
    networks,
    includes(address) {
      const kind = family(address);
      return kind !== null && trusted.check(address, kind);
    },
  };
}

/** `[2001:db8::1]`, with or without a port after it. */
const BRACKETED = /^\[([^\]]*)\](?::\d{1,5})?$/;
/** `203.0.113.7`, with or without a port after it. */
const DOTTED = /^([\d.]+)(?::\d{1,5})?$/;

/**
 * The address of one X-Forwarded-For entry, without a port: `203.0.113.7`, `203.0.113.7:5678`,
 * `2001:db8::1`, `[2001:db8::1]`, `[2001:db8::1]:443`. Null for anything else: `unknown`, a name,
 * an obfuscated identifier (`_hidden`), a zone index.
 */
function hopAddress(entry: string): string | null {
  const bracketed = BRACKETED.exec(entry)?.[1];
  if (bracketed !== undefined) return family(bracketed) === 'ipv6' ? bracketed.toLowerCase() : null;
  const dotted = DOTTED.exec(entry)?.[1];
  if (dotted !== undefined) return isIPv4(dotted) ? dotted : null;
  return family(entry) === 'ipv6' ? entry.toLowerCase() : null;
}

/** Who sent a request, and how the server knows. */
export interface RequestClient {
  /** The address the rate limit counts, and whose group the address share counts. */
  readonly address: string;
  /**
   * A trusted proxy named this address as the one it was connected from, and it is no trusted
   * proxy's own: one client, whatever its range. False for the connection's own address and for
   * a trusted proxy's, which may stand for everyone behind it.
   */
  readonly forwarded: boolean;
}

/**
 * The client of a request that came over a connection from `socketAddress` with `headers`.
 * Without trusted proxies, or on a connection from any other address, the connection's address
 * whatever the headers say. From a trusted proxy, X-Forwarded-For is walked from the right (all
 * its header lines, in order, as one list), past the trusted proxies' own addresses, to the
 * first address that is not one. An entry that is no address (`unknown`, a name) ends the walk at
 * the trusted proxy that wrote it: nothing left of it can be vouched for, and nothing a client
 * wrote is ever taken. When every entry is a trusted proxy's, the request began at the furthest.
 */
export function requestClient(socketAddress: string | undefined, headers: Pick<Headers, 'get'>, trusted: TrustedProxies | null): RequestClient {
  const connection: RequestClient = { address: socketAddress ?? 'unknown', forwarded: false };
  if (trusted === null || socketAddress === undefined || !trusted.includes(socketAddress)) return connection;
  const hops = (headers.get('x-forwarded-for') ?? '').split(',');
  let nearest = connection;
  for (let i = hops.length - 1; i >= 0; i--) {
    const entry = hops[i]!.trim();
    // A list may have empty elements, which a recipient ignores (RFC 9110 §5.6.1).
    if (entry === '') continue;
    const address = hopAddress(entry);
    if (address === null) return nearest;
    if (!trusted.includes(address)) return { address, forwarded: true };
    nearest = { address, forwarded: false };
  }
  return nearest;
}

/**
 * The group a client's sessions count under (address.ts): a forwarded client's whatever its
 * range, since a trusted proxy saw that one machine (a participant on the study's own network
 * behind the proxy is counted); a connection's or a proxy's own address as addressGroup decides.
 */
export function clientGroup(client: RequestClient): string | null {
  return client.forwarded ? networkGroup(client.address) : addressGroup(client.address);
}
