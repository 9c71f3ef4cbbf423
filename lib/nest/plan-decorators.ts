import type { EventNameOf, TrackingPlanTypes } from '../tracking-plan/plan-types.js';
import type { GroupDecoratorOptions, IdentifyDecoratorOptions, SegmentMapperInput, TrackDecoratorOptions } from './decorator-options.js';
import { Group } from './group.decorator.js';
import { Identify } from './identify.decorator.js';
import type { SegmentHttpRequest } from './segment-module.options.js';
import { Track } from './track.decorator.js';

/** A planned object, or a mapper returning exactly it: a key the plan does not have fails `tsc` there too. */
type PlannedValue<T, TResult, TRequest, R> = T | ((input: SegmentMapperInput<TResult, TRequest>) => R & { [K in Exclude<keyof R, keyof T>]: never });

/** `{ field?: ... }` when the planned type has no required key, else `{ field: ... }`. */
type PlannedField<Field extends string, T, TResult, TRequest, R> = {} extends T
  ? { [K in Field]?: PlannedValue<T, TResult, TRequest, R> }
  : { [K in Field]: PlannedValue<T, TResult, TRequest, R> };

type EventProperties<Plan, Event> = Plan extends { track: infer Events } ? (Event extends keyof Events ? Events[Event] : never) : never;
type Traits<Plan, Kind extends 'identify' | 'group'> = Plan extends { [K in Kind]: infer T } ? T : Record<string, unknown>;

/** `@Track` options with the event's planned properties. */
export type PlannedTrackOptions<Properties, TResult = unknown, TRequest = SegmentHttpRequest, R = Properties> = Omit<
  TrackDecoratorOptions<TResult, TRequest>,
  'properties'
> &
  PlannedField<'properties', Properties, TResult, TRequest, R>;

/** The decorators of `segmentDecorators<TrackingPlan>()`: the package's own, typed by the plan. */
export interface SegmentPlanDecorators<Plan extends TrackingPlanTypes> {
  /** `@Track('Order Completed', { properties })`: the event must be in the plan, its properties as planned. */
  Track<
    Event extends EventNameOf<Plan>,
    TResult = unknown,
    TRequest = SegmentHttpRequest,
    R extends EventProperties<Plan, Event> = EventProperties<Plan, Event>,
  >(
    event: Event,
    ...options: {} extends EventProperties<Plan, Event>
      ? [options?: PlannedTrackOptions<EventProperties<Plan, Event>, TResult, TRequest, R>]
      : [options: PlannedTrackOptions<EventProperties<Plan, Event>, TResult, TRequest, R>]
  ): ReturnType<typeof Track<TResult, TRequest>>;
  /** `@Identify({ traits })` with the plan's identify traits. */
  Identify<TResult = unknown, TRequest = SegmentHttpRequest, R extends Traits<Plan, 'identify'> = Traits<Plan, 'identify'>>(
    options?: Omit<IdentifyDecoratorOptions<TResult, TRequest>, 'traits'> & PlannedField<'traits', Traits<Plan, 'identify'>, TResult, TRequest, R>,
  ): ReturnType<typeof Identify<TResult, TRequest>>;
  /** `@Group({ groupId, traits })` with the plan's group traits. */
  Group<TResult = unknown, TRequest = SegmentHttpRequest, R extends Traits<Plan, 'group'> = Traits<Plan, 'group'>>(
    options: Omit<GroupDecoratorOptions<TResult, TRequest>, 'traits'> & PlannedField<'traits', Traits<Plan, 'group'>, TResult, TRequest, R>,
  ): ReturnType<typeof Group<TResult, TRequest>>;
}

/**
 * `@Track`, `@Identify` and `@Group` checked against a generated tracking plan type:
 * `export const { Track, Identify, Group } = segmentDecorators<TrackingPlan>();`. The same
 * decorators at run time; only their types change.
 */
export function segmentDecorators<Plan extends TrackingPlanTypes>(): SegmentPlanDecorators<Plan> {
  return { Track, Identify, Group } as unknown as SegmentPlanDecorators<Plan>;
}
