import type { SegmentMessage } from '../message-types.js';

/**
 * Sees each message after it was validated and before the tracking plan and the size check:
 * returns it (changed or not), or `null` to drop it. Runs on the caller's thread, once per
 * message, so it must be synchronous and cheap. The message's nested objects (`properties`,
 * `traits`, `context`) may be the caller's own: return changed copies instead of mutating them.
 * A middleware that throws drops that message (reported as `middleware_error`), never the call.
 */
export type SegmentMiddleware = (message: SegmentMessage) => SegmentMessage | null;
