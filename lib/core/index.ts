export { SegmentClient } from './segment-client.js';
export type { SegmentClientOptions } from './client-options.js';
export {
  SegmentError,
  SegmentValidationError,
  SegmentConfigError,
  SegmentDeliveryError,
  type FailureReason,
} from './errors.js';
export type { SegmentLogger } from './logger.js';
export type * from './message-types.js';
export type * from './segment-event.js';
export { LIBRARY_NAME, LIBRARY_VERSION } from './version.js';
