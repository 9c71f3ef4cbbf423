export type { SegmentMiddleware } from './segment-middleware.js';
export { scrub, type ScrubOptions } from './scrub.js';
export { sample, type SampleOptions } from './sample.js';
export { SegmentMiddlewareError } from './segment-middleware.error.js';
export { SegmentFilteredError } from './message-pipeline.js';
export { SegmentViolationError, type TrackingPlanViolation, type ViolationAction } from './tracking-plan-violation.js';
