import type { CollectorAnswer } from '../collector-answer.js';
import type { CollectedMessage } from '../collected-message.js';
import type { FaultKind } from '../fault-plan.js';
import type { RecordedRequest } from '../recorded-request.js';
import type { CheckedMessage, FoundViolation } from './observed-request.js';
import { writeKeyFingerprint } from './write-key-fingerprint.js';

/** One message as the debugger page receives it. */
export interface DebuggerMessage {
  readonly message: CollectedMessage;
  readonly duplicate: boolean;
  readonly violations: readonly FoundViolation[];
}

/** How the collector answered a tracking request; `status` is null when it reset the connection. */
export interface DebuggerAnswer {
  readonly status: number | null;
  readonly code: string | null;
  readonly text: string | null;
  readonly fault: FaultKind | null;
}

/** One tracking request (a batch, or a single `/v1/track`-style call) and its messages. */
export interface DebuggerBatch {
  /** Increases with every request the collector sees, across `clear()`. */
  readonly seq: number;
  readonly receivedAt: string;
  /** The path without its query string. */
  readonly path: string;
  /** The write key's fingerprint, never the key; null when the request presented none. */
  readonly client: string | null;
  /** Body bytes as sent (gzipped when the client gzipped). */
  readonly wireBytes: number;
  /** Body bytes once decoded: what Segment's 500 KB limit applies to; null when undecodable. */
  readonly jsonBytes: number | null;
  readonly gzip: boolean;
  readonly answer: DebuggerAnswer;
  readonly messages: readonly DebuggerMessage[];
  /** Messages left out because the batch alone held more than the debugger keeps. */
  readonly omitted: number;
}

/** Counters since the collector started or was last cleared. */
export interface DebuggerTotals {
  messages: number;
  batches: number;
  duplicates: number;
  violations: number;
  bytes: number;
}

export function emptyTotals(): DebuggerTotals {
  return { messages: 0, batches: 0, duplicates: 0, violations: 0, bytes: 0 };
}

export function addToTotals(totals: DebuggerTotals, request: RecordedRequest, checked: readonly CheckedMessage[]): void {
  totals.batches++;
  totals.bytes += request.rawBody.length;
  totals.messages += checked.length;
  for (const { duplicate, violations } of checked) {
    if (duplicate) totals.duplicates++;
    totals.violations += violations.length;
  }
}

export function debuggerBatch(
  seq: number,
  request: RecordedRequest,
  checked: readonly CheckedMessage[],
  answer: CollectorAnswer | undefined,
  keep: number,
): DebuggerBatch {
  const kept = checked.length > keep ? checked.slice(0, keep) : checked;
  const queryStart = request.path.indexOf('?');
  return {
    seq,
    receivedAt: request.receivedAt.toISOString(),
    path: queryStart === -1 ? request.path : request.path.slice(0, queryStart),
    client: request.writeKey === undefined || request.writeKey === '' ? null : writeKeyFingerprint(request.writeKey),
    wireBytes: request.rawBody.length,
    jsonBytes: request.decodedBody?.length ?? null,
    gzip: /^\s*gzip\s*$/i.test(String(request.headers['content-encoding'] ?? '')),
    answer: describeAnswer(answer, request.fault),
    messages: kept.map(({ message, duplicate, violations }) => ({ message, duplicate, violations })),
    omitted: checked.length - kept.length,
  };
}

function describeAnswer(answer: CollectorAnswer | undefined, fault: FaultKind | undefined): DebuggerAnswer {
  if (answer === undefined) return { status: null, code: null, text: null, fault: fault ?? null };
  let code: string | null = null;
  let text: string | null = null;
  if (answer.status >= 300) {
    try {
      const body = JSON.parse(answer.body) as { code?: unknown; message?: unknown } | null;
      if (typeof body?.code === 'string') code = body.code;
      if (typeof body?.message === 'string') text = body.message;
    } catch {
      text = answer.body.slice(0, 200);
    }
  }
  return { status: answer.status, code, text, fault: fault ?? null };
}
