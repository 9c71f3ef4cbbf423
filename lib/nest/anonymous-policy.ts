import type { SegmentAnonymousPolicy, SegmentHttpRequest } from './segment-module.options.js';

export const DEFAULT_ANONYMOUS_POLICY: SegmentAnonymousPolicy = 'warn-once';

/** Longer is not an id a browser library set: a hostile header must not become every message's id. */
const MAX_ANONYMOUS_ID = 256;

/** Each module-built service's policy; a service built by hand (a test double) has the default. */
const policies = new WeakMap<object, SegmentAnonymousPolicy>();

export function withAnonymousPolicy<T extends object>(service: T, policy: SegmentAnonymousPolicy | undefined): T {
  if (policy !== undefined) policies.set(service, policy);
  return service;
}

export function anonymousPolicyOf(service: object): SegmentAnonymousPolicy {
  return policies.get(service) ?? DEFAULT_ANONYMOUS_POLICY;
}

/** The anonymousId a `{ header }` or `{ cookie }` policy finds on the request, if any. */
export function anonymousIdFrom(policy: SegmentAnonymousPolicy, request: SegmentHttpRequest | undefined): string | undefined {
  if (typeof policy !== 'object' || request === undefined) return undefined;
  const raw = 'header' in policy ? headerValue(request, policy.header.toLowerCase()) : cookieValue(request, policy.cookie);
  const id = raw?.trim();
  return id === undefined || id === '' || id.length > MAX_ANONYMOUS_ID ? undefined : id;
}

function headerValue(request: SegmentHttpRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? value[0] : undefined;
}

/** From cookie-parser's or @fastify/cookie's `request.cookies` when there, else the Cookie header. */
function cookieValue(request: SegmentHttpRequest, name: string): string | undefined {
  const parsed = (request.cookies as Record<string, unknown> | undefined)?.[name];
  if (typeof parsed === 'string') return unquoted(parsed);
  const header = headerValue(request, 'cookie');
  if (header === undefined) return undefined;
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals < 0 || pair.slice(0, equals).trim() !== name) continue;
    return unquoted(decoded(pair.slice(equals + 1).trim()));
  }
  return undefined;
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Analytics.js stores the id JSON-encoded: `"4f8e..."` with its quotes. */
function unquoted(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
