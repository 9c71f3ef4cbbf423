import type { MessageType } from '../../core/index.js';
import type { CollectedMessage } from './collected-message.js';
import { MAX_MESSAGE_ID_LENGTH } from './segment-limits.js';

const MESSAGE_TYPES: ReadonlySet<string> = new Set<MessageType>(['identify', 'track', 'page', 'screen', 'group', 'alias']);

/**
 * Every way a message breaks the Segment Spec's required fields, as readable sentences.
 * @param impliedType the type a single-call path (`/v1/track`) implies, if any.
 */
export function specViolations(message: CollectedMessage, impliedType: MessageType | undefined): string[] {
  const problems: string[] = [];
  const { type } = message;

  if (typeof type !== 'string' || !MESSAGE_TYPES.has(type)) {
    problems.push(`type ${describe(type)} is not one of ${[...MESSAGE_TYPES].join(', ')}`);
  } else if (impliedType !== undefined && type !== impliedType) {
    problems.push(`type "${type}" was sent to the ${impliedType} endpoint`);
  }

  const { messageId } = message;
  if (!isNonEmptyString(messageId)) {
    problems.push(`messageId ${describe(messageId)} is not a non-empty string`);
  } else if (messageId.length >= MAX_MESSAGE_ID_LENGTH) {
    problems.push(`messageId is ${messageId.length} characters; Segment needs fewer than ${MAX_MESSAGE_ID_LENGTH}`);
  }

  const { timestamp } = message;
  if (timestamp === undefined) {
    problems.push('timestamp is missing');
  } else if (typeof timestamp !== 'string' || !isIsoDateTime(timestamp)) {
    problems.push(`timestamp ${describe(timestamp)} is not an ISO-8601 date-time with a zone`);
  }

  if (type === 'alias') {
    if (!isId(message.previousId)) problems.push('alias needs previousId');
    if (!isId(message.userId)) problems.push('alias needs userId');
  } else if (!isId(message.userId) && !isId(message.anonymousId)) {
    problems.push('userId or anonymousId is required');
  }
  if (type === 'group' && !isId(message.groupId)) problems.push('group needs groupId');
  if (type === 'track' && !isNonEmptyString(message.event)) problems.push('track needs event');

  return problems;
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Date.parse alone is too lenient: it takes `2024-02-30` as March 1st. */
function isIsoDateTime(value: string): boolean {
  const parts = ISO_DATE_TIME.exec(value);
  if (parts === null || Number.isNaN(Date.parse(value))) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map((part) => Number(part ?? 0));
  const calendar = new Date(Date.UTC(year, month - 1, day));
  return calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Segment takes ids as strings or numbers. */
function isId(value: unknown): boolean {
  return isNonEmptyString(value) || (typeof value === 'number' && Number.isFinite(value));
}

function describe(value: unknown): string {
  if (value === undefined) return '(missing)';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
