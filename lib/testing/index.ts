export { SegmentCollector } from './collector/segment-collector.js';
export type { SegmentCollectorOptions, AuthorizeRequest } from './collector/collector-options.js';
export type { CollectedMessage, SpecViolation } from './collector/collected-message.js';
export type { RecordedRequest } from './collector/recorded-request.js';
export type { FailNextOptions, DelayNextOptions, ResetNextOptions, FaultKind } from './collector/fault-plan.js';
export type { WaitCondition, WaitForOptions } from './collector/message-waiter.js';
export type { RefusalCode } from './collector/collector-answer.js';
export { MAX_MESSAGE_BYTES, MAX_BODY_BYTES, MAX_BATCH_MESSAGES } from './collector/segment-limits.js';
