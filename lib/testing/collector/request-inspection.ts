import type { IncomingMessage } from 'node:http';
import type { MessageType } from '../../core/index.js';
import { bodyWriteKey, extractMessages, parseJsonBody } from './batch-validation.js';
import { refusal, type CollectorAnswer } from './collector-answer.js';
import type { AuthorizeRequest } from './collector-options.js';
import type { CollectedMessage } from './collected-message.js';
import type { MutableRecord } from './recorded-request.js';
import { decodeBody } from './request-body.js';
import type { TrackingRoute } from './tracking-routes.js';
import { presentedWriteKey } from './write-key-auth.js';

/** What a request carried, once decoded, and the first reason to refuse it. */
export interface Inspection {
  readonly refused: CollectorAnswer | undefined;
  readonly messages: readonly CollectedMessage[];
  readonly impliedType: MessageType | undefined;
}

/** Decodes, parses and authenticates, filling the record as it goes; refusals in Segment's order. */
export async function inspectRequest(route: TrackingRoute, request: IncomingMessage, record: MutableRecord, authorize: AuthorizeRequest): Promise<Inspection> {
  const impliedType = route.kind === 'single' ? route.type : undefined;
  const none = { messages: [], impliedType };
  const decoded = await decodeBody(record.rawBody, request.headers['content-encoding']);
  if ('refused' in decoded) return { ...none, refused: decoded.refused };
  record.decodedBody = decoded.decoded;

  const parsed = parseJsonBody(decoded.decoded);
  if (!parsed.ok) return { ...none, refused: parsed.refused };
  record.body = parsed.body;

  const authorization = request.headers.authorization;
  const keyInBody = bodyWriteKey(parsed.body);
  const presented = presentedWriteKey(authorization, keyInBody);
  record.writeKey = presented.ok ? presented.writeKey : undefined;
  const extracted = extractMessages(route, parsed.body);
  record.messages = extracted.messages;

  if (!authorize(authorization, keyInBody)) {
    const why = presented.ok ? 'missing or unknown write key (send Authorization: Basic base64(writeKey + ":"), or "writeKey" in the body)' : presented.problem;
    return { messages: extracted.messages, impliedType, refused: refusal(401, 'unauthorized', why) };
  }
  return { messages: extracted.messages, impliedType, refused: extracted.refused };
}
