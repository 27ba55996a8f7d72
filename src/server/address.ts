/**
 * Which client a participant's session is counted under, for each address's share of a study's
 * storage. Only a keyed hash of it is ever stored (store.ts `hashAddress`), never the address.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Addresses of this machine and of private networks: the server can't tell the people behind
 * them apart. A reverse proxy (on this machine, in the next container, on the same network)
 * sends every participant's requests from its own such address, and a study on 127.0.0.1 (the
 * default) is reached from this machine only; counting them as one client would lock the whole
 * study out at one client's share. A client on the internet can't send from one of these. (A
 * client that a trusted proxy names, client-address.ts, is one person whatever its address.)
 */
const UNCOUNTED = new BlockList();
for (const [net, prefix] of [
  ['127.0.0.0', 8],
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['169.254.0.0', 16],
] as const) {
  UNCOUNTED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  UNCOUNTED.addSubnet(net, prefix, 'ipv6');
}

/** `::ffff:192.0.2.1`, as a dual-stack socket reports an IPv4 client. */
const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** The eight groups of an IPv6 address, `::` expanded; null when it is not one. */
function ipv6Groups(address: string): string[] | null {
  if (!isIPv6(address)) return null;
  const [head, tail] = address.toLowerCase().split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  // An embedded IPv4 tail (::ffff:… is handled before; others are rare) counts as two groups.
  const last = right.length > 0 ? right : left;
  if (last.length > 0 && last[last.length - 1]!.includes('.')) {
    const [a, b, c, d] = last.pop()!.split('.').map(Number) as [number, number, number, number];
    last.push(((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
  }
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((g) => g.replace(/^0+(?=.)/, ''));
}

/**
 * The group `address` is counted under: an IPv4 address itself, an IPv6 address's /64 (what one
 * household or host is given, so stepping through it gains nothing). Null for no address, or for
 * text that is not one. This counts any address; addressGroup leaves out those that may stand
 * for many people.
 */
export function networkGroup(address: string | null | undefined): string | null {
  if (!address) return null;
  const v4 = MAPPED_IPV4.exec(address)?.[1] ?? address;
  if (isIPv4(v4)) return v4;
  const groups = ipv6Groups(address);
  return groups === null ? null : `${groups.slice(0, 4).join(':')}::/64`;
}

/**
 * The group the client at `address` (as the socket reports it) is counted under (networkGroup).
 * Null for an address of this machine or a private network (see UNCOUNTED), or for no address at
 * all: such sessions count only against the session's and the study's limits.
 */
export function addressGroup(address: string | null | undefined): string | null {
  const group = networkGroup(address);
  if (group === null) return null;
  const nearby = isIPv4(group) ? UNCOUNTED.check(group, 'ipv4') : UNCOUNTED.check(address!, 'ipv6');
  return nearby ? null : group;
}
