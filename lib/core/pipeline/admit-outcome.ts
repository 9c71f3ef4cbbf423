import type { QueuedMessage } from '../message-queue.js';
import type { PipelineOutcome } from './message-pipeline.js';
import { messageOutline } from './message-outline.js';
import type { PipelineReporter } from './pipeline-reporter.js';
import { queuedFrom, stoppedMessage } from './queued-message.js';
import { SegmentViolationError } from './tracking-plan-violation.js';
import { SegmentDeliveryError } from '../errors.js';

/**
 * Acts on a pipeline outcome for an accepted call (`seq` taken): the message to queue, or
 * undefined once it was reported as stopped. A violation is reported in every case; onError
 * hears of it once (here when the message is sent anyway, else with its drop).
 */
export function admitOutcome(outcome: Exclude<PipelineOutcome, { kind: 'throw' }>, seq: number, reporter: PipelineReporter): QueuedMessage | undefined {
  if (outcome.kind === 'drop') {
    if (outcome.error instanceof SegmentViolationError) reporter.violation(outcome.error, messageOutline(outcome.message), false);
    reporter.stopped(stoppedMessage(outcome.message, seq), outcome.error);
    return undefined;
  }
  if (outcome.violation !== undefined) reporter.violation(outcome.violation, messageOutline(outcome.message), true);
  const queued = queuedFrom(outcome.message, seq);
  if (queued instanceof SegmentDeliveryError) {
    reporter.stopped(stoppedMessage(outcome.message, seq), queued);
    return undefined;
  }
  return queued;
}
