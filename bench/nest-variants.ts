/** The Nest app variants (bench/nest-app.ts), each a fresh server on the same GET /orders/:id. */
export type NestVariant = 'a' | 'b' | 'c' | 'd' | 'n' | 'p';

export const NEST_VARIANT_LABELS: Record<NestVariant, string> = {
  a: '(a) no analytics',
  b: '(b) SegmentModule (request context)',
  c: '(c) (b) + one @Track on the handler',
  d: '(d) (b) + five @Track on the handler',
  n: '(n) @segment/analytics-node, track() in the handler, context by hand',
  p: '(p) posthog-node, PostHogInterceptor + capture() in the handler',
};

/** Events each answered request sends (0: none). */
export const EVENTS_PER_REQUEST: Record<NestVariant, number> = { a: 0, b: 0, c: 1, d: 5, n: 1, p: 1 };
