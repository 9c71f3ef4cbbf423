/** Where a Segment workspace lives. Tracking calls and OAuth tokens must stay in that region. */
export type SegmentRegion = 'us' | 'eu';

export interface RegionEndpoints {
  /** Tracking API origin. */
  readonly host: string;
  /** OAuth 2.0 authorization server; the token endpoint is `{authServer}/token`. */
  readonly authServer: string;
}

export const REGIONS: Readonly<Record<SegmentRegion, RegionEndpoints>> = {
  us: { host: 'https://api.segment.io', authServer: 'https://oauth2.segment.io' },
  eu: { host: 'https://events.eu1.segmentapis.com', authServer: 'https://oauth2.eu1.segmentapis.com' },
};

export const DEFAULT_REGION: SegmentRegion = 'us';

const REGION_OF_HOSTNAME: ReadonlyMap<string, SegmentRegion> = new Map(
  (Object.entries(REGIONS) as Array<[SegmentRegion, RegionEndpoints]>).flatMap(([region, endpoints]) => [
    [new URL(endpoints.host).hostname, region],
    [new URL(endpoints.authServer).hostname, region],
  ]),
);

export function isRegion(value: unknown): value is SegmentRegion {
  return value === 'us' || value === 'eu';
}

/**
 * The region a URL belongs to when it is one of Segment's own hosts; undefined for anything
 * else (a loopback collector, a company gateway), which no region check applies to.
 */
export function regionOfUrl(url: URL): SegmentRegion | undefined {
  return REGION_OF_HOSTNAME.get(url.hostname.toLowerCase());
}
