import type { MessageType } from '../../core/index.js';

/** What a tracking path carries: a batch, or one message whose type the path implies. */
export type TrackingRoute = { readonly kind: 'batch' } | { readonly kind: 'single'; readonly type: MessageType };

const ROUTES: ReadonlyMap<string, TrackingRoute> = new Map<string, TrackingRoute>([
  ['/v1/batch', { kind: 'batch' }],
  ['/v1/identify', { kind: 'single', type: 'identify' }],
  ['/v1/track', { kind: 'single', type: 'track' }],
  ['/v1/page', { kind: 'single', type: 'page' }],
  ['/v1/screen', { kind: 'single', type: 'screen' }],
  ['/v1/group', { kind: 'single', type: 'group' }],
  ['/v1/alias', { kind: 'single', type: 'alias' }],
]);

/** The route for a request target (query string ignored), or undefined for an unknown path. */
export function matchTrackingRoute(requestTarget: string): TrackingRoute | undefined {
  const queryStart = requestTarget.indexOf('?');
  const pathname = queryStart === -1 ? requestTarget : requestTarget.slice(0, queryStart);
  return ROUTES.get(pathname);
}
