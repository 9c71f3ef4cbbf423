export * from './core/index.js';
export * from './nest/index.js';
export * from './tracking-plan/index.js';
export { segmentDecorators, type SegmentPlanDecorators, type PlannedTrackOptions } from './nest/plan-decorators.js';
