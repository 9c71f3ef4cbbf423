import { segmentDecorators } from 'nestjs-segment';
import type { TrackingPlan } from './tracking-plan.js';

/**
 * `@Track`, `@Identify` and `@Group` checked against the shop's tracking plan: an event the plan
 * does not have, or a property it does not list, fails the build.
 */
export const { Track, Identify, Group } = segmentDecorators<TrackingPlan>();
