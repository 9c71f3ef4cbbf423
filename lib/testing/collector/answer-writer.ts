import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CollectorAnswer } from './collector-answer.js';
import type { MutableRecord } from './recorded-request.js';

/** Writes the answer and records it, unless the client is gone: then nothing was answered. */
export function answer(response: ServerResponse, record: MutableRecord, outcome: CollectorAnswer): void {
  if (!writeAnswer(response, outcome)) return;
  record.status = outcome.status;
  record.responseBody = outcome.body;
}

/** False when the client is already gone, so the caller does not record an answer nobody got. */
export function writeAnswer(response: ServerResponse, outcome: CollectorAnswer): boolean {
  if (response.destroyed) return false;
  response.writeHead(outcome.status, { ...outcome.headers, 'content-length': Buffer.byteLength(outcome.body) });
  response.end(outcome.body);
  return true;
}

/** A TCP RST, so the client sees ECONNRESET as it would from a dying proxy. */
export function resetConnection(request: IncomingMessage): void {
  request.socket.resetAndDestroy();
}
