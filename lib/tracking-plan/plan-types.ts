import type { GroupParams, IdentifyParams, TrackParams } from '../core/internals.js';

/**
 * The shape of a generated `TrackingPlan` type (`nestjs-segment typegen`): each track event's
 * properties by event name, and the traits of identify and group calls.
 */
export interface TrackingPlanTypes {
  track: object;
  identify?: object;
  group?: object;
}

/**
 * What planned properties and traits are: object types such as typegen writes (type aliases,
 * which fit `Properties`). A plan whose types do not fit makes the calls fail to compile, rather
 * than quietly go untyped.
 */
type PlannedObject = Record<string, unknown>;

/** `{ field?: T }` when T has no required key, else `{ field: T }`. */
type FieldOf<Field extends string, T> = {} extends T ? { [K in Field]?: T } : { [K in Field]: T };

/** One planned event's track params: its name, and its properties as the plan types them. */
export type PlannedTrackParams<Event extends string, Properties> = Omit<TrackParams, 'event' | 'properties'> & { event: Event } & FieldOf<
    'properties',
    Properties
  >;

type PlannedEvents<Events> = {
  [Event in keyof Events & string]: Events[Event] extends PlannedObject ? PlannedTrackParams<Event, Events[Event]> : never;
}[keyof Events & string];

/** What `track()` takes: with a plan, a union of its events (discriminated by `event`); without, any event. */
export type TrackParamsOf<Plan> = [Plan] extends [{ track: infer Events }] ? PlannedEvents<Events> : TrackParams;

/** What `identify()` takes: the plan's traits when it types them. */
export type IdentifyParamsOf<Plan> = [Plan] extends [{ identify: infer Traits }]
  ? Traits extends PlannedObject
    ? Omit<IdentifyParams, 'traits'> & FieldOf<'traits', Traits>
    : never
  : IdentifyParams;

/** What `group()` takes: the plan's group traits when it types them. */
export type GroupParamsOf<Plan> = [Plan] extends [{ group: infer Traits }]
  ? Traits extends PlannedObject
    ? Omit<GroupParams, 'traits'> & FieldOf<'traits', Traits>
    : never
  : GroupParams;

/** The planned event names; `string` without a plan. */
export type EventNameOf<Plan> = [Plan] extends [{ track: infer Events }] ? keyof Events & string : string;

/** The planned properties of `Event`. */
export type EventPropertiesOf<Plan, Event extends string> = [Plan] extends [{ track: infer Events }]
  ? Event extends keyof Events
    ? Events[Event]
    : never
  : TrackParams['properties'];
