import type { SegmentMessage } from '../../core/index.js';
import { formatShort, formatValue } from './format-value.js';
import type { MessagePattern } from './message-pattern.js';
import { partialMismatches, type Mismatch } from './partial-match.js';

/** A recorded message with its number in the list the assertion looked at (1-based). */
export interface NumberedMessage {
  readonly number: number;
  readonly message: SegmentMessage;
  /** Set when the list mixes clients: the named client that sent it. */
  readonly client: string | undefined;
}

const LISTED = 50;

function indented(text: string, indent: string): string {
  return text
    .split('\n')
    .map((line) => indent + line)
    .join('\n');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `#3 track "Order Completed" userId="u2" properties={ total: 41 }`: enough to recognise a message. */
export function summarize({ number, message, client }: NumberedMessage, withPayload = true): string {
  const parts = [`#${number}`, String(message.type)];
  const label = message.event ?? message.name;
  if (label !== undefined) parts.push(JSON.stringify(label));
  for (const field of ['userId', 'anonymousId', 'groupId', 'previousId'] as const) {
    if (message[field] !== undefined) parts.push(`${field}=${JSON.stringify(message[field])}`);
  }
  if (withPayload && message.properties !== undefined) parts.push(`properties=${formatShort(message.properties, 60)}`);
  if (withPayload && message.traits !== undefined) parts.push(`traits=${formatShort(message.traits, 60)}`);
  if (client !== undefined) parts.push(`(client "${client}")`);
  return parts.join(' ');
}

/** Weighs differences so the closest message is one of the same type and event when there is one. */
function distance(mismatches: readonly Mismatch[]): number {
  return mismatches.reduce((sum, { path }) => sum + (path === 'type' ? 100 : path === 'event' || path === 'name' ? 10 : 1), 0);
}

function describeMismatch({ path, expected, recorded, note }: Mismatch): string {
  const lines = [
    `  ${path === '' ? '(the message)' : path}`,
    `    expected: ${formatValue(expected, 72, '    ').replace(/\n/g, '\n          ')}`,
    `    recorded: ${recorded === undefined ? '(absent)' : formatValue(recorded, 72, '    ').replace(/\n/g, '\n          ')}`,
  ];
  if (note !== undefined) lines.push(`    note: ${note}`);
  return lines.join('\n');
}

/** `Recorded (3 messages):` and one summary line per message (the last 50). */
export function recordedList(messages: readonly NumberedMessage[], scope: string): string {
  if (messages.length === 0) return `${scope}: nothing (0 messages).`;
  const shown = messages.slice(-LISTED);
  const earlier = messages.length - shown.length;
  const lines = shown.map((entry) => `  ${summarize(entry)}`);
  if (earlier > 0) lines.unshift(`  … ${plural(earlier, 'earlier message')} not listed`);
  return `${scope} (${plural(messages.length, 'message')}):\n${lines.join('\n')}`;
}

/**
 * The report of a failed positive assertion: the pattern, the closest recorded message with
 * each difference (path, expected, recorded), and the list of what was recorded.
 */
export function noMatchReport(call: string, pattern: MessagePattern, messages: readonly NumberedMessage[], scope: string): string {
  const sections = [`${call} failed: no recorded message matches.`, `Expected a message containing:\n${indented(formatValue(pattern, 98), '  ')}`];
  let closest: { entry: NumberedMessage; mismatches: Mismatch[]; score: number } | undefined;
  for (const entry of messages) {
    const mismatches = partialMismatches(entry.message, pattern);
    const score = distance(mismatches);
    if (closest === undefined || score < closest.score) closest = { entry, mismatches, score };
  }
  if (closest !== undefined) {
    const { entry, mismatches } = closest;
    sections.push(`Closest: ${summarize(entry, false)}, ${plural(mismatches.length, 'difference')}:\n${mismatches.map(describeMismatch).join('\n')}`);
  }
  sections.push(recordedList(messages, scope));
  return sections.join('\n\n');
}

/** The report of a failed negative assertion: the pattern, each message that matched it in full, and the list. */
export function unexpectedMatchReport(
  call: string,
  pattern: MessagePattern,
  matches: readonly NumberedMessage[],
  messages: readonly NumberedMessage[],
  scope: string,
): string {
  const shown = matches.slice(0, 3).map((entry) => `  ${summarize(entry, false)}\n${indented(formatValue(entry.message, 96), '    ')}`);
  if (matches.length > shown.length) shown.push(`  … and ${matches.length - shown.length} more`);
  return [
    `${call} failed: ${plural(matches.length, 'recorded message')} ${matches.length === 1 ? 'matches' : 'match'}.`,
    `Expected no message containing:\n${indented(formatValue(pattern, 98), '  ')}`,
    `Matching:\n${shown.join('\n')}`,
    recordedList(messages, scope),
  ].join('\n\n');
}
