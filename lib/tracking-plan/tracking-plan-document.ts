/**
 * A tracking plan as Segment exports it. Typed loosely on purpose: a plan read with
 * `JSON.parse` or imported from a `.json` file fits as it is (its strings are not literals).
 */

/** One rule of the Public API's export (`GET /tracking-plans/{id}/rules`). */
export interface PublicApiRule {
  /** `TRACK`, `IDENTIFY`, `GROUP`, `PAGE`, `SCREEN` or `COMMON`. */
  readonly type: string;
  /** The event name of a TRACK rule (a page or screen name for PAGE/SCREEN); none for the others. */
  readonly key?: string | null;
  readonly version?: number;
  /** Draft-07 JSON Schema of the whole message: `properties.properties`, `properties.traits`, `properties.context`. */
  readonly jsonSchema: object;
  readonly [field: string]: unknown;
}

/** Segment's Public API tracking plan export: `{ rules: [...] }` (also inside `{ data: { ... } }`). */
export interface PublicApiTrackingPlan {
  readonly name?: string;
  readonly rules: readonly PublicApiRule[];
  readonly [field: string]: unknown;
}

/** One event of the older v1 (Config API) export. */
export interface LegacyEventRule {
  readonly name: string;
  readonly version?: number;
  /** Draft-07 JSON Schema of the whole message, as in the Public API's `jsonSchema`. */
  readonly rules: object;
  readonly [field: string]: unknown;
}

/** The older v1 export: `{ rules: { events: [...], identify?, group?, global? } }`. */
export interface LegacyTrackingPlan {
  readonly display_name?: string;
  readonly rules: {
    readonly events: readonly LegacyEventRule[];
    /** Schemas of the whole message for identify and group calls, and for every call (`global`). */
    readonly identify?: object;
    readonly group?: object;
    readonly global?: object;
    readonly [field: string]: unknown;
  };
  readonly [field: string]: unknown;
}

/** Either export, as read from its JSON. */
export type TrackingPlanDocument = PublicApiTrackingPlan | LegacyTrackingPlan | { readonly data: PublicApiTrackingPlan };
