/**
 * (w) calibrates the others: a handler that only works CALIBRATION_US longer. On a small machine
 * a slower server makes each response's write dearer (the idle load generator must be woken),
 * so a variant's added CPU per request exceeds its own work; (w) shows by how much.
 */
export const CALIBRATION_US = 20;

/** The Nest app variants (bench/nest-app.ts), each a fresh server on the same GET /orders/:id. */
export type NestVariant = 'a' | 'b' | 'c' | 'd' | 'n' | 'p' | 'w';

export const NEST_VARIANT_LABELS: Record<NestVariant, string> = {
  a: '(a) no analytics',
  b: '(b) SegmentModule (request context)',
  c: '(c) (b) + one @Track on the handler',
  d: '(d) (b) + five @Track on the handler',
  n: '(n) @segment/analytics-node, track() in the handler, context by hand',
  p: '(p) posthog-node, PostHogInterceptor + capture() in the handler',
  w: `(w) no analytics, the handler busy ${CALIBRATION_US} µs longer (calibration)`,
};

/** Events each answered request sends (0: none). */
export const EVENTS_PER_REQUEST: Record<NestVariant, number> = { a: 0, b: 0, c: 1, d: 5, n: 1, p: 1, w: 0 };
