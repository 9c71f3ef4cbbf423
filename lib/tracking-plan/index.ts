export type { SegmentTrackingPlanOptions, OnViolation, UnknownEvents } from './tracking-plan-options.js';
export type { TrackingPlanDocument, PublicApiTrackingPlan, PublicApiRule, LegacyTrackingPlan, LegacyEventRule } from './tracking-plan-document.js';
export type * from './plan-types.js';
