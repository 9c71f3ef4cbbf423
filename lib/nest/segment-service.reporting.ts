import type { SegmentError } from '../core/index.js';

/** A message the Nest layer could not send, as a decorator reports it to its service. */
export interface NestLayerFailure {
  readonly error: SegmentError;
  /** The log line: names the decorator and the event, never option values. */
  readonly text: string;
  /** The client already counted and emitted it (it threw a validation error); only log. */
  readonly alreadyReported: boolean;
}

type Reporter = (failure: NestLayerFailure) => void;

/**
 * How decorators report into a service's logger, `events$`, `stats()` and `onError` without a
 * public method that application code could call by mistake. Module-private: not exported
 * from the package.
 */
const reporters = new WeakMap<object, Reporter>();

export function registerReporter(service: object, report: Reporter): void {
  reporters.set(service, report);
}

/** False when `service` is not a real SegmentService (a test double): the caller logs itself. */
export function reportFailure(service: object, failure: NestLayerFailure): boolean {
  const report = reporters.get(service);
  report?.(failure);
  return report !== undefined;
}
