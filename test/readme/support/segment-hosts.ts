import { Agent } from 'undici';

/** Segment's public origins, as the README's examples reach them when they name no host. */
export const SEGMENT_US = 'https://api.segment.io';
export const SEGMENT_EU = 'https://events.eu1.segmentapis.com';
export const OAUTH_US = 'https://oauth2.segment.io';
export const OAUTH_EU = 'https://oauth2.eu1.segmentapis.com';

export interface RoutedRequest {
  /** The origin the client asked for (`https://api.segment.io`). */
  readonly origin: string;
  /** The local server it was sent to instead. */
  readonly routedTo: string;
  readonly method: string;
  readonly path: string;
}

export interface SegmentRoutes {
  /** Every request that was routed, in order. */
  readonly requests: readonly RoutedRequest[];
  /** Puts undici back as it was. */
  restore(): void;
}

type Dispatch = (this: unknown, options: { origin?: string | URL; method?: string; path?: string }, handler: unknown) => boolean;

/**
 * Sends requests for Segment's public origins to local servers instead, the way an /etc/hosts
 * entry would, so a README example that names no `host` (it talks to Segment, as a user's code
 * does) runs verbatim against a local collector. Everything above the socket stays real: the
 * client's options, its own undici Agent (or proxy agent), the request it builds and the answer
 * it reads. Only the origin a request is dispatched to changes; any origin not in `routes`
 * passes through untouched.
 *
 * It wraps `dispatch` of undici's dispatcher base class (Agent, ProxyAgent, EnvHttpProxyAgent,
 * Pool and Client all inherit it); the outermost dispatcher rewrites the origin, the inner ones
 * see a local origin and pass it on. Jest gives each test file its own undici instance, and
 * `restore()` undoes it for the rest of the file.
 */
export function routeSegmentHosts(routes: Record<string, string>): SegmentRoutes {
  const base = Object.getPrototypeOf(Agent.prototype) as { dispatch: Dispatch };
  const original = base.dispatch;
  const requests: RoutedRequest[] = [];
  const table = new Map(Object.entries(routes).map(([from, to]) => [new URL(from).origin, new URL(to).origin]));
  base.dispatch = function routed(this: unknown, options, handler) {
    const origin = options.origin === undefined ? undefined : new URL(String(options.origin)).origin;
    const target = origin === undefined ? undefined : table.get(origin);
    if (origin === undefined || target === undefined) return original.call(this, options, handler);
    requests.push({ origin, routedTo: target, method: options.method ?? 'GET', path: options.path ?? '/' });
    return original.call(this, { ...options, origin: target }, handler);
  };
  return {
    requests,
    restore: () => {
      base.dispatch = original;
    },
  };
}
