/** Segment's tracking API limits (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/#max-request-size). */
export const MAX_MESSAGE_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;
export const MAX_BATCH_MESSAGES = 2_500;
/** Segment ignores messageIds of 100 characters or more for dedup. */
export const MAX_MESSAGE_ID_LENGTH = 100;
