import { isIPv4, isIPv6 } from 'node:net';

/**
 * The address to report for `context.ip`: the adapter's `request.ip` (already trust-proxy
 * resolved by Express or Fastify), with IPv4-mapped IPv6 (`::ffff:1.2.3.4`) unwrapped.
 * Undefined when it is not an IP address.
 */
export function normalizeIp(ip: unknown): string | undefined {
  if (typeof ip !== 'string') return undefined;
  const mapped = ip.length > 7 && ip.slice(0, 7).toLowerCase() === '::ffff:' ? ip.slice(7) : undefined;
  if (mapped !== undefined && isIPv4(mapped)) return mapped;
  return isIPv4(ip) || isIPv6(ip) ? ip : undefined;
}

/**
 * Anonymizes like Google Analytics' IP masking: the last octet of IPv4 and the last 80 bits
 * of IPv6 become zero, keeping network-level geography and dropping the host.
 */
export function anonymizeIp(ip: string): string {
  if (isIPv4(ip)) return ip.slice(0, ip.lastIndexOf('.')) + '.0';
  const groups = expandIPv6(ip);
  return groups === undefined ? ip : compressIPv6([...groups.slice(0, 3), 0, 0, 0, 0, 0]);
}

/** The eight 16-bit groups of an IPv6 address (zone ids dropped, embedded IPv4 handled). */
function expandIPv6(ip: string): number[] | undefined {
  let address = ip.split('%')[0]!;
  const dotted = address.lastIndexOf('.') > 0 ? address.slice(address.lastIndexOf(':') + 1) : undefined;
  if (dotted !== undefined) {
    const [a, b, c, d] = dotted.split('.').map(Number) as [number, number, number, number];
    address = address.slice(0, address.length - dotted.length) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head, tail] = address.split('::') as [string, string | undefined];
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const groups = tail === undefined ? left : [...left, ...Array.from({ length: 8 - left.length - right.length }, () => 0), ...right];
  return groups.length === 8 && groups.every((group) => group >= 0 && group <= 0xffff) ? groups : undefined;
}

/** RFC 5952 text: lower-case hex, the longest run of two or more zero groups as `::`. */
function compressIPv6(groups: number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
