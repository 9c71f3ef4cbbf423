/**
 * Segment's tracking API limits, as the collector enforces them.
 *
 * Kept apart from the client's own constants on purpose: the collector is the oracle the
 * client is tested against, so a wrong limit in the client must not silently move the
 * collector's limit with it.
 */

/** Largest message: UTF-8 bytes of `JSON.stringify(message)`. */
export const MAX_MESSAGE_BYTES = 32 * 1024;

/** Largest request body, measured after any `Content-Encoding` is undone. */
export const MAX_BODY_BYTES = 500 * 1024;

/** Most messages in one `/v1/batch` request. */
export const MAX_BATCH_MESSAGES = 2500;

/** Segment's dedup key must stay under this many characters. */
export const MAX_MESSAGE_ID_LENGTH = 100;
