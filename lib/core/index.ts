export { SegmentClient, DEFAULT_CLOSE_TIMEOUT_MS, type CloseOptions } from './segment-client.js';
export type { SegmentClientOptions } from './client-options.js';
export type { SegmentDurableOptions } from '../durable/durable-options.js';
export {
  SegmentError,
  SegmentValidationError,
  SegmentConfigError,
  SegmentDeliveryError,
  type FailureReason,
} from './errors.js';
export type { SegmentLogger } from './logger.js';
export { MessageTooLargeError } from './message-builder.js';
export { OAuthTokenError } from './oauth/oauth-token-error.js';
export { messageIdFor } from './message-id.js';
export { MAX_MESSAGE_BYTES, MAX_BATCH_BYTES, MAX_BATCH_MESSAGES } from './limits.js';
export type * from './message-types.js';
export type * from './segment-event.js';
export { LIBRARY_NAME, LIBRARY_VERSION } from './version.js';
export type { SegmentOAuthOptions } from './oauth/oauth-options.js';
export type { SegmentRegion } from './region.js';
export type { ProxySetting } from './proxy.js';
export * from './pipeline/index.js';
