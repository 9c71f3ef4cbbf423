import { type SegmentRegion } from '../core/index.js';
import { REGIONS } from '../core/internals.js';

// Segment's tracking hosts by hostname; any other host is a proxy or a test collector.
const KNOWN = new Map((Object.entries(REGIONS) as Array<[SegmentRegion, { host: string }]>).map(([region, { host }]) => [new URL(host).hostname, region]));
// Domains Segment owns: a hostname under one of them that is not a known host is a typo.
const SEGMENT_DOMAINS = ['segment.io', 'segment.com', 'segmentapis.com'];
const LOOPBACK = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;

/**
 * Why `host` cannot be right, or undefined when it can. Catches the costly mistakes at boot
 * rather than as silently undelivered events: a region host typo (`events.eu.segmentapis.com`),
 * a path in the host, and plain http to a non-loopback address.
 */
export function segmentHostProblem(host: string, allowInsecureHttp: boolean, region: SegmentRegion | undefined): string | undefined {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return `must be an absolute URL such as ${REGIONS.us.host} (the value is not shown)`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `must use https:// (got ${url.protocol}//)`;
  if (url.username !== '' || url.password !== '') return 'must not carry credentials';
  const hostname = url.hostname.toLowerCase();
  const hostRegion = KNOWN.get(hostname);
  if (hostRegion !== undefined) {
    if (url.protocol !== 'https:') return `must use https:// for ${hostname}`;
    if (url.pathname !== '/' || url.search !== '') return `must be the origin only, ${url.origin} (the client adds /v1/batch)`;
    if (region !== undefined && region !== hostRegion)
      return `is the ${hostRegion.toUpperCase()} tracking host but region is '${region}'; leave host out (region picks ${REGIONS[region].host})`;
    return undefined;
  }
  if (looksLikeSegment(hostname)) {
    return `names ${hostname}, which is not a Segment region host; did you mean ${nearestHost(hostname)}? (US ${REGIONS.us.host}, EU ${REGIONS.eu.host})`;
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(hostname) && !allowInsecureHttp) {
    return 'uses plain http:// to a non-loopback host, which would send the write key in clear; use https:// or set allowInsecureHttp: true';
  }
  return undefined;
}

function looksLikeSegment(hostname: string): boolean {
  if (SEGMENT_DOMAINS.some((domain) => hostname === domain || hostname.endsWith(`.${domain}`))) return true;
  for (const known of KNOWN.keys()) if (editDistance(hostname, known) <= 3) return true;
  return false;
}

function nearestHost(hostname: string): string {
  let best: string = REGIONS.us.host;
  let bestDistance = Infinity;
  for (const [known, region] of KNOWN) {
    const distance = editDistance(hostname, known);
    if (distance < bestDistance) [best, bestDistance] = [REGIONS[region].host, distance];
  }
  return best;
}

/** Levenshtein distance; inputs are hostnames, so the quadratic table stays small. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
