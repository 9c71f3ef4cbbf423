/** Segment's tracking API hosts, by region. Anything else is a proxy or a test collector. */
export const SEGMENT_HOSTS = {
  us: 'https://api.segment.io',
  eu: 'https://events.eu1.segmentapis.com',
} as const;

const KNOWN = new Map(Object.entries(SEGMENT_HOSTS).map(([region, url]) => [new URL(url).hostname, region]));
// Domains Segment owns: a hostname under one of them that is not a known host is a typo.
const SEGMENT_DOMAINS = ['segment.io', 'segment.com', 'segmentapis.com'];
const LOOPBACK = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/;

/**
 * Why `host` cannot be right, or undefined when it can. Catches the costly mistakes at boot
 * rather than as silently undelivered events: a region host typo (`events.eu.segmentapis.com`),
 * a path in the host, and plain http to a non-loopback address.
 */
export function segmentHostProblem(host: string, allowInsecureHttp: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return `must be an absolute URL such as ${SEGMENT_HOSTS.us} (the value is not shown)`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `must use https:// (got ${url.protocol}//)`;
  if (url.username !== '' || url.password !== '') return 'must not carry credentials';
  const hostname = url.hostname.toLowerCase();
  if (KNOWN.has(hostname)) {
    if (url.protocol !== 'https:') return `must use https:// for ${hostname}`;
    if (url.pathname !== '/' || url.search !== '') return `must be the origin only, ${url.origin} (the client adds /v1/batch)`;
    return undefined;
  }
  if (looksLikeSegment(hostname)) {
    return `names ${hostname}, which is not a Segment region host; did you mean ${nearestHost(hostname)}? (US ${SEGMENT_HOSTS.us}, EU ${SEGMENT_HOSTS.eu})`;
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
  let best: string = SEGMENT_HOSTS.us;
  let bestDistance = Infinity;
  for (const [known, region] of KNOWN) {
    const distance = editDistance(hostname, known);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = SEGMENT_HOSTS[region as keyof typeof SEGMENT_HOSTS];
    }
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
