import { REGIONS, type SegmentRegion } from './region.js';

// Domains Segment owns: a hostname under one of them that is not a known host is a typo.
const SEGMENT_DOMAINS = ['segment.io', 'segment.com', 'segmentapis.com'];
const TRACKING_HOSTS = (Object.keys(REGIONS) as SegmentRegion[]).map((region) => ({ region, hostname: new URL(REGIONS[region].host).hostname }));

/**
 * The tracking host a hostname was probably meant to be (`events.eu.segmentapis.com` ->
 * the EU host), or undefined when it is a real Segment host or no Segment host at all (a proxy,
 * a test collector). Caught at start, such a typo is not a day of silently undelivered events.
 */
export function mistypedSegmentHost(url: URL): string | undefined {
  const hostname = url.hostname.toLowerCase();
  if (TRACKING_HOSTS.some((known) => known.hostname === hostname)) return undefined;
  const nearest = TRACKING_HOSTS.map((known) => ({ ...known, distance: editDistance(hostname, known.hostname) })).sort((a, b) => a.distance - b.distance)[0]!;
  const underSegment = SEGMENT_DOMAINS.some((domain) => hostname === domain || hostname.endsWith(`.${domain}`));
  return underSegment || nearest.distance <= 3 ? REGIONS[nearest.region].host : undefined;
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
