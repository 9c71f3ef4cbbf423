import type { TrackingPlanDocument } from './tracking-plan-document.js';

/** What a message that breaks its plan becomes: sent and reported, dropped and reported, or thrown to the caller. */
export type OnViolation = 'report' | 'drop' | 'throw';

/** What a track event the plan does not list becomes. */
export type UnknownEvents = 'allow' | 'report' | 'drop';

/** The `trackingPlan` option of the client and the module. */
export interface SegmentTrackingPlanOptions {
  /** The plan: the parsed JSON of Segment's export (Public API or v1), or the path of that file. */
  plan: TrackingPlanDocument | string;
  /** Default `'report'`: the message is sent, and the violation reported. */
  onViolation?: OnViolation;
  /** Default `'allow'`: events the plan does not list are sent without a report. */
  unknownEvents?: UnknownEvents;
}
