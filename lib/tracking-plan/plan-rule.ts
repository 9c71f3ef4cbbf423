/** The calls a rule applies to; `common` rules apply to every call. */
export type RuleKind = 'track' | 'identify' | 'group' | 'page' | 'screen' | 'common';

/** One rule of a plan, whatever export it came from. */
export interface PlanRule {
  readonly kind: RuleKind;
  /** The event name (track), page or screen name; undefined for rules of every such call. */
  readonly key: string | undefined;
  readonly version: number;
  /** The JSON Schema of the whole message (`properties`, `traits`, `context` inside). */
  readonly schema: Record<string, unknown>;
  /** Where it is in the file, for errors: `rules[3]`, `rules.events[0]`. */
  readonly where: string;
}

/** A plan read from either export. */
export interface TrackingPlanRules {
  readonly name: string | undefined;
  readonly format: 'public-api' | 'v1';
  readonly rules: readonly PlanRule[];
}
