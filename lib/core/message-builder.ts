import { randomUUID } from 'node:crypto';
import { SegmentValidationError } from './errors.js';
import { describeError } from './describe-error.js';
import { serializeObjectField } from './json.js';
import { MAX_MESSAGE_BYTES, MAX_MESSAGE_ID_LENGTH } from './limits.js';
import type { QueuedMessage } from './message-queue.js';
import type { MessageType, ParamsByType, SegmentMessage } from './message-types.js';
import { toIsoTimestamp } from './timestamp.js';
import { LIBRARY_NAME, LIBRARY_VERSION } from './version.js';
import { isPlainObject } from './plain-object.js';

const LIBRARY = Object.freeze({ name: LIBRARY_NAME, version: LIBRARY_VERSION });
const LIBRARY_JSON = JSON.stringify(LIBRARY);
const LIBRARY_ONLY_CONTEXT_JSON = `{"library":${LIBRARY_JSON}}`;

/**
 * The caller's context with `library` set to this package. Spliced into the caller's JSON
 * rather than spread into a copy: a copy of every context was a measurable share of a call.
 */
function contextJson(context: Record<string, unknown> | undefined): string {
  if (context === undefined) return LIBRARY_ONLY_CONTEXT_JSON;
  const json = serializeObjectField(context, 'context');
  if (json === undefined || json === '{}') return LIBRARY_ONLY_CONTEXT_JSON;
  // The caller's own `library` is replaced, not repeated (a key twice is ambiguous JSON). The
  // text is searched rather than the object read: a getter or toJSON may have produced it.
  if (!json.includes('"library"')) return `${json.slice(0, -1)},"library":${LIBRARY_JSON}}`;
  const copy = JSON.parse(json) as Record<string, unknown>;
  copy.library = LIBRARY;
  return JSON.stringify(copy);
}

/** Thrown (a SegmentValidationError) when the serialized message is over Segment's 32 KB. */
export class MessageTooLargeError extends SegmentValidationError {
  constructor(readonly bytes: number) {
    super('message', `the message is ${bytes} bytes as JSON; Segment accepts at most ${MAX_MESSAGE_BYTES} bytes (32 KB) per message.`);
  }
}

/** The caller's field, read once; a getter or Proxy trap that throws is the caller's error. */
function read(params: object, field: string): unknown {
  try {
    return (params as Record<string, unknown>)[field];
  } catch (cause) {
    throw new SegmentValidationError(field, `${field} cannot be read: ${describeError(cause)}.`, { cause });
  }
}

function plainObject(params: object, field: string): Record<string, unknown> | undefined {
  const value = read(params, field);
  if (value === undefined) return undefined;
  if (!isPlainObjectSafely(value, field)) {
    throw new SegmentValidationError(field, `${field} must be a plain object ({ key: value }); got ${kind(value)}.`);
  }
  return value;
}

function isPlainObjectSafely(value: unknown, field: string): value is Record<string, unknown> {
  try {
    return isPlainObject(value);
  } catch (cause) {
    throw new SegmentValidationError(field, `${field} cannot be inspected: ${describeError(cause)}.`, { cause });
  }
}

function optionalString(params: object, field: string): string | undefined {
  const value = read(params, field);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new SegmentValidationError(field, `${field} must be a string; got ${kind(value)}.`);
  return value;
}

/** A string or finite number as a non-empty string; undefined when absent. */
function id(params: object, field: string): string | undefined {
  const value = read(params, field);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new SegmentValidationError(field, `${field} must be a string or a number; got ${kind(value)}.`);
}

/** What a value is, for an error message; never throws, whatever the value's traps do. */
function kind(value: unknown): string {
  if (value === null) return 'null';
  try {
    if (Array.isArray(value)) return 'an array';
    if (typeof value === 'object') return `an instance of ${(value.constructor as { name?: unknown } | undefined)?.name ?? 'an unknown class'}`;
  } catch {
    return 'an object that cannot be inspected';
  }
  return typeof value;
}

function messageIdOf(params: object): string {
  const value = read(params, 'messageId');
  if (value === undefined) return randomUUID();
  if (typeof value !== 'string' || value.length === 0 || value.length >= MAX_MESSAGE_ID_LENGTH) {
    throw new SegmentValidationError(
      'messageId',
      `messageId must be a non-empty string under ${MAX_MESSAGE_ID_LENGTH} characters; got ${typeof value === 'string' ? `${value.length} characters` : kind(value)}.`,
    );
  }
  return value;
}

/**
 * Validates the caller's fields for `type` and writes the wire message's JSON once, encoded to
 * UTF-8 once: the size check reads its length, and the batch body copies it. The envelope is
 * written by hand around the caller's objects (one JSON.stringify each): a third cheaper than
 * stringifying a message object, and the call's largest cost. Throws SegmentValidationError naming the field;
 * MessageTooLargeError past 32 KB.
 */
export function buildMessage<T extends MessageType>(type: T, params: ParamsByType[T], seq: number): QueuedMessage {
  if (!isPlainObjectSafely(params, 'params')) {
    throw new SegmentValidationError('params', `${type}() takes one object of fields, such as { userId, ... }; got ${kind(params)}.`);
  }
  const userId = id(params, 'userId');
  const anonymousId = type === 'alias' ? undefined : id(params, 'anonymousId');
  const context = plainObject(params, 'context');
  const messageId = messageIdOf(params);
  const timestamp = timestampOf(params);
  const integrations = plainObject(params, 'integrations');

  let json = `{"type":"${type}","messageId":${JSON.stringify(messageId)},"timestamp":"${timestamp}","context":${contextJson(context)}`;
  if (userId !== undefined) json += `,"userId":${JSON.stringify(userId)}`;
  if (anonymousId !== undefined) json += `,"anonymousId":${JSON.stringify(anonymousId)}`;
  json += objectJson(integrations, 'integrations');

  switch (type) {
    case 'track':
      json += `,"event":${JSON.stringify(eventOf(params))}` + objectField(params, 'properties');
      break;
    case 'identify':
      json += objectField(params, 'traits');
      break;
    case 'page':
    case 'screen':
      json += stringField(params, 'name') + stringField(params, 'category') + objectField(params, 'properties');
      break;
    case 'group':
      json += `,"groupId":${JSON.stringify(groupIdOf(params))}` + objectField(params, 'traits');
      break;
    case 'alias':
      json += `,"previousId":${JSON.stringify(previousIdOf(params, userId))}`;
      break;
  }
  requireSender(type, userId, anonymousId);
  json += '}';

  // A string longer than the limit is over it in bytes too (each UTF-16 unit takes at least one
  // byte): it is counted, not encoded, so a huge message allocates nothing more.
  if (json.length > MAX_MESSAGE_BYTES) throw new MessageTooLargeError(Buffer.byteLength(json));
  const utf8 = Buffer.from(json);
  if (utf8.length > MAX_MESSAGE_BYTES) throw new MessageTooLargeError(utf8.length);
  return { type, messageId, utf8, seq };
}

/**
 * The same fields and checks as buildMessage, as a message object for a pipeline (middleware,
 * tracking plan) to work on; serialized after it. The caller's nested objects are kept as
 * they are, not copied (middleware copies what it changes); `context` is a copy with `library`.
 */
export function buildMessageObject<T extends MessageType>(type: T, params: ParamsByType[T]): SegmentMessage {
  if (!isPlainObjectSafely(params, 'params')) {
    throw new SegmentValidationError('params', `${type}() takes one object of fields, such as { userId, ... }; got ${kind(params)}.`);
  }
  const userId = id(params, 'userId');
  const anonymousId = type === 'alias' ? undefined : id(params, 'anonymousId');
  const context = plainObject(params, 'context');
  const message: SegmentMessage = { type, messageId: messageIdOf(params), timestamp: timestampOf(params), context: { ...context, library: LIBRARY } };
  const integrations = plainObject(params, 'integrations');
  if (userId !== undefined) message.userId = userId;
  if (anonymousId !== undefined) message.anonymousId = anonymousId;
  if (integrations !== undefined) message.integrations = integrations as SegmentMessage['integrations'];
  switch (type) {
    case 'track':
      message.event = eventOf(params);
      setObject(message, params, 'properties');
      break;
    case 'identify':
      setObject(message, params, 'traits');
      break;
    case 'page':
    case 'screen': {
      const name = optionalString(params, 'name');
      const category = optionalString(params, 'category');
      if (name !== undefined) message.name = name;
      if (category !== undefined) message.category = category;
      setObject(message, params, 'properties');
      break;
    }
    case 'group':
      message.groupId = groupIdOf(params);
      setObject(message, params, 'traits');
      break;
    case 'alias':
      message.previousId = previousIdOf(params, userId);
      break;
  }
  requireSender(type, userId, anonymousId);
  return message;
}

function setObject(message: SegmentMessage, params: object, field: 'properties' | 'traits'): void {
  const value = plainObject(params, field);
  if (value !== undefined) message[field] = value;
}

function eventOf(params: object): string {
  const event = read(params, 'event');
  if (typeof event !== 'string' || event.trim().length === 0) {
    throw new SegmentValidationError(
      'event',
      `track() needs event, a non-empty string such as 'Order Completed'; got ${typeof event === 'string' ? 'an empty string' : kind(event)}.`,
    );
  }
  return event;
}

function groupIdOf(params: object): string {
  const groupId = id(params, 'groupId');
  if (groupId === undefined) throw new SegmentValidationError('groupId', 'group() needs groupId, a non-empty string or number.');
  return groupId;
}

function previousIdOf(params: object, userId: string | undefined): string {
  const previousId = id(params, 'previousId');
  if (previousId === undefined)
    throw new SegmentValidationError('previousId', "alias() needs previousId, the user's earlier id (a non-empty string or number).");
  if (userId === undefined) throw new SegmentValidationError('userId', "alias() needs userId, the user's new id (a non-empty string or number).");
  return previousId;
}

function requireSender(type: MessageType, userId: string | undefined, anonymousId: string | undefined): void {
  if (userId === undefined && anonymousId === undefined) {
    throw new SegmentValidationError('userId', `${type}() needs userId or anonymousId (a non-empty string or number).`);
  }
}

/** `,"field":{...}` for a plain-object field, or nothing when absent or when it serializes to nothing. */
function objectField(params: object, field: string): string {
  return objectJson(plainObject(params, field), field);
}

function objectJson(value: Record<string, unknown> | undefined, field: string): string {
  if (value === undefined) return '';
  const json = serializeObjectField(value, field);
  return json === undefined ? '' : `,"${field}":${json}`;
}

function timestampOf(params: object): string {
  const value = read(params, 'timestamp');
  try {
    return toIsoTimestamp(value);
  } catch (error) {
    if (error instanceof SegmentValidationError) throw error;
    throw new SegmentValidationError('timestamp', `timestamp cannot be read as a date: ${describeError(error)}.`, { cause: error });
  }
}

/** `,"field":"..."` for a string field, or nothing when absent. */
function stringField(params: object, field: string): string {
  const value = optionalString(params, field);
  return value === undefined ? '' : `,"${field}":${JSON.stringify(value)}`;
}
