import type { OptionReader } from './option-checks.js';
import { describeOptionValue } from './option-value.js';
import { REGIONS, regionOfUrl, type SegmentRegion } from './region.js';
import { mistypedSegmentHost } from './segment-host-typo.js';

export const DEFAULT_PATH = '/v1/batch';

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Loopback addresses, the one place plain http:// is fine without allowInsecureHttp. */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * An absolute http(s) URL without credentials; plain http:// only to loopback unless opted in,
 * because what goes over it (the write key, a client assertion) would travel in clear.
 */
function checkedUrl(reader: OptionReader, option: string, text: string, example: string, secret: string): URL | undefined {
  const { problems, options } = reader;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return problems.add(option, `must be an absolute http(s) URL such as ${example}; got ${describeOptionValue(text, options)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return problems.add(option, `must use https:// (or http:// to a loopback address); got ${url.protocol}//`);
  if (url.username || url.password) return problems.add(option, `must not carry user:password@ credentials; the client authenticates with ${secret} itself`);
  // Segment's own hosts answer https only, whatever allowInsecureHttp says.
  if (url.protocol === 'http:' && regionOfUrl(url) !== undefined) return problems.add(option, `must use https:// for ${url.hostname}`);
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && options.allowInsecureHttp !== true) {
    return problems.add(
      option,
      `uses plain http:// to a non-loopback host (${url.host}), which would send ${secret} in clear; use https:// or set allowInsecureHttp: true`,
    );
  }
  return url;
}

/** host + path, ready for the request; undefined when either cannot work (recorded). */
export function readEndpoint(reader: OptionReader, region: SegmentRegion): URL | undefined {
  const { problems, options } = reader;
  const host = options.host ?? REGIONS[region].host;
  const path = options.path ?? DEFAULT_PATH;
  const pathOk = typeof path === 'string' && path.startsWith('/');
  if (!pathOk) problems.add('path', `must start with "/", such as ${DEFAULT_PATH}; got ${describeOptionValue(path, options)}`);
  if (typeof host !== 'string' || host.length === 0)
    return problems.add('host', `must be a URL such as ${REGIONS.us.host}; got ${describeOptionValue(host, options)}`);
  const secret = options.oauth === undefined ? 'the write key' : 'the bearer token';
  const origin = checkedUrl(reader, 'host', host.replace(/\/+$/, ''), REGIONS.us.host, secret);
  if (origin === undefined) return undefined;
  const meant = mistypedSegmentHost(origin);
  if (meant !== undefined) {
    return problems.add(
      'host',
      `names ${origin.hostname}, which is not a Segment region host; did you mean ${meant}? (US ${REGIONS.us.host}, EU ${REGIONS.eu.host})`,
    );
  }
  if (regionOfUrl(origin) !== undefined && (origin.pathname !== '/' || origin.search !== '')) {
    return problems.add('host', `must be the origin only, ${origin.origin} (the client adds ${DEFAULT_PATH})`);
  }
  return pathOk ? new URL(host.replace(/\/+$/, '') + path) : undefined;
}

/** The OAuth authorization server (`{authServer}/token` is the token endpoint), without a trailing slash. */
export function readAuthServer(reader: OptionReader, base: string): URL | undefined {
  const url = checkedUrl(reader, 'oauth.authServer', base, REGIONS.us.authServer, 'the signed client assertion');
  if (url === undefined) return undefined;
  if (url.search !== '' || url.hash !== '')
    return reader.problems.add('oauth.authServer', 'must have no query or fragment; the token endpoint is {authServer}/token');
  return url;
}

/**
 * Tokens are only good in the region that issued them, and an explicit URL that names the other
 * region's Segment host contradicts an explicit region: both are refused here, not by a 401 later.
 */
export function checkRegions(reader: OptionReader, region: SegmentRegion, endpoint: URL | undefined, authServer: URL | undefined): void {
  const { problems, options } = reader;
  const hostRegion = endpoint === undefined ? undefined : regionOfUrl(endpoint);
  if (options.region !== undefined && options.host !== undefined && hostRegion !== undefined && hostRegion !== region) {
    problems.add(
      'host',
      `${endpoint!.origin} is Segment's ${hostRegion.toUpperCase()} tracking host, but region is '${region}'; drop host (region picks ${REGIONS[region].host}) or fix region`,
    );
  }
  if (authServer === undefined) return;
  const authRegion = regionOfUrl(authServer);
  if (options.region !== undefined && options.oauth?.authServer !== undefined && authRegion !== undefined && authRegion !== region) {
    problems.add(
      'oauth.authServer',
      `${authServer.origin} is Segment's ${authRegion.toUpperCase()} auth server, but region is '${region}'; drop oauth.authServer (region picks ${REGIONS[region].authServer}) or fix region`,
    );
  } else if (hostRegion !== undefined && authRegion !== undefined && hostRegion !== authRegion) {
    problems.add(
      'oauth.authServer',
      `${authServer.origin} is in the ${authRegion.toUpperCase()} region but host ${endpoint!.origin} is in the ${hostRegion.toUpperCase()} region; a token from one region is refused by the other. Set region: '${hostRegion}' and leave host and oauth.authServer out, or make them match`,
    );
  }
}
