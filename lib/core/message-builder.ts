import { randomUUID } from 'node:crypto';
import { SegmentValidationError } from './errors.js';
import { serialize } from './json.js';
import { MAX_MESSAGE_BYTES, MAX_MESSAGE_ID_LENGTH } from './limits.js';
import type { QueuedMessage } from './message-queue.js';
import type { MessageType, ParamsByType, SegmentMessage } from './message-types.js';
import { toIsoTimestamp } from './timestamp.js';
import { LIBRARY_NAME, LIBRARY_VERSION } from './version.js';

const LIBRARY = Object.freeze({ name: LIBRARY_NAME, version: LIBRARY_VERSION });
const LIBRARY_ONLY_CONTEXT = Object.freeze({ library: LIBRARY });


/** Thrown (a SegmentValidationError) when the serialized message is over Segment's 32 KB. */
export class MessageTooLargeError extends SegmentValidationError {
  constructor(readonly bytes: number) {
    super('message', `the message is ${bytes} bytes as JSON; Segment accepts at most ${MAX_MESSAGE_BYTES} bytes (32 KB) per message.`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function plainObject(params: object, field: string): Record<string, unknown> | undefined {
  const value = (params as Record<string, unknown>)[field];
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    throw new SegmentValidationError(field, `${field} must be a plain object ({ key: value }); got ${kind(value)}.`);
  }
  return value;
}

function optionalString(params: object, field: string): string | undefined {
  const value = (params as Record<string, unknown>)[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new SegmentValidationError(field, `${field} must be a string; got ${kind(value)}.`);
  return value;
}

/** A string or finite number as a non-empty string; undefined when absent. */
function id(params: object, field: string): string | undefined {
  const value = (params as Record<string, unknown>)[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new SegmentValidationError(field, `${field} must be a string or a number; got ${kind(value)}.`);
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an instance of ${value.constructor?.name ?? 'an unknown class'}`;
  return typeof value;
}

function messageIdOf(params: object): string {
  const value = (params as Record<string, unknown>).messageId;
  if (value === undefined) return randomUUID();
  if (typeof value !== 'string' || value.length === 0 || value.length >= MAX_MESSAGE_ID_LENGTH) {
    throw new SegmentValidationError('messageId', `messageId must be a non-empty string under ${MAX_MESSAGE_ID_LENGTH} characters; got ${typeof value === 'string' ? `${value.length} characters` : kind(value)}.`);
  }
  return value;
}

/**
 * Validates the caller's fields for `type` and builds the wire message, serialized once: the
 * size check needs the JSON, and the batch reuses it. Throws SegmentValidationError naming
 * the field; MessageTooLargeError past 32 KB.
 */
export function buildMessage<T extends MessageType>(type: T, params: ParamsByType[T], seq: number): QueuedMessage {
  if (!isPlainObject(params)) {
    throw new SegmentValidationError('params', `${type}() takes one object of fields, such as { userId, ... }; got ${kind(params)}.`);
  }
  const userId = id(params, 'userId');
  const anonymousId = type === 'alias' ? undefined : id(params, 'anonymousId');
  const context = plainObject(params, 'context');
  const message: SegmentMessage = {
    type,
    messageId: messageIdOf(params),
    timestamp: toIsoTimestamp(params.timestamp),
    context: context === undefined ? LIBRARY_ONLY_CONTEXT : { ...context, library: LIBRARY },
    userId,
    anonymousId,
    integrations: plainObject(params, 'integrations') as SegmentMessage['integrations'],
  };

  switch (type) {
    case 'track': {
      const event = params.event;
      if (typeof event !== 'string' || event.trim().length === 0) {
        throw new SegmentValidationError('event', `track() needs event, a non-empty string such as 'Order Completed'; got ${typeof event === 'string' ? 'an empty string' : kind(event)}.`);
      }
      message.event = event;
      message.properties = plainObject(params, 'properties');
      break;
    }
    case 'identify':
      message.traits = plainObject(params, 'traits');
      break;
    case 'page':
    case 'screen':
      message.name = optionalString(params, 'name');
      message.category = optionalString(params, 'category');
      message.properties = plainObject(params, 'properties');
      break;
    case 'group': {
      const groupId = id(params, 'groupId');
      if (groupId === undefined) throw new SegmentValidationError('groupId', 'group() needs groupId, a non-empty string or number.');
      message.groupId = groupId;
      message.traits = plainObject(params, 'traits');
      break;
    }
    case 'alias': {
      const previousId = id(params, 'previousId');
      if (previousId === undefined) throw new SegmentValidationError('previousId', "alias() needs previousId, the user's earlier id (a non-empty string or number).");
      if (userId === undefined) throw new SegmentValidationError('userId', "alias() needs userId, the user's new id (a non-empty string or number).");
      message.previousId = previousId;
      break;
    }
  }
  if (userId === undefined && anonymousId === undefined) {
    throw new SegmentValidationError('userId', `${type}() needs userId or anonymousId (a non-empty string or number).`);
  }

  const json = serialize(message);
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_MESSAGE_BYTES) throw new MessageTooLargeError(bytes);
  return { messageId: message.messageId, json, bytes, seq };
}
