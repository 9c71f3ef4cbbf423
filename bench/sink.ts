/**
 * The fake Segment (and fake PostHog), in a process of its own on 127.0.0.1: POST /v1/batch
 * (Segment: messages keyed by `messageId`) and POST /batch/ (PostHog's batch endpoint: events
 * keyed by `uuid`), gunzips when asked, counts distinct ids (so a retry is not counted twice;
 * see countBatch) and tells the runner over IPC when the expected number has arrived. Any other
 * path is answered 200 `{}` and counted as `otherRequests`.
 *
 * IPC in:  { type: 'expect', count }     IPC out: { type: 'ready', port }
 *                                                 { type: 'done', atNs, received, ... }
 *          { type: 'report' }                     { type: 'report', received, ... }
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { nowNs, type Message } from './proc.js';

let expected = Infinity;
let notified = false;
const seen = new Set<string>();
const counts = { received: 0, duplicates: 0, requests: 0, bytes: 0, malformed: 0, otherRequests: 0, firstAtNs: 0, lastAtNs: 0 };

function send(message: Message): void {
  process.send?.(message);
}

/** The id field of each batch endpoint: Segment's messageId, PostHog's event uuid. */
const ID_FIELD: Record<string, string> = { '/v1/batch': 'messageId', '/batch/': 'uuid', '/batch': 'uuid' };
/** Every this many requests the body is also fully parsed, to check the scan against JSON. */
const PARSE_EVERY = 25;

/**
 * Counts a batch's distinct ids by scanning for the `"messageId":"` (or `"uuid":"`) key
 * (serializers write it without spaces; inside a JSON string a quote is always escaped, so the
 * key cannot appear in a value). A full JSON.parse per batch made the sink, not the client, the
 * limit of the delivery measurements; every PARSE_EVERY-th body is parsed to check the scan.
 */
function countBatch(body: Buffer, encoding: string | undefined, field: string): number {
  const raw = encoding === 'gzip' ? gunzipSync(body) : body;
  // The ids are ASCII: latin1 decoding is a plain copy.
  const text = raw.toString('latin1');
  const key = `"${field}":"`;
  let fresh = 0;
  let messages = 0;
  for (let at = text.indexOf(key); at !== -1; at = text.indexOf(key, at)) {
    const start = at + key.length;
    at = text.indexOf('"', start);
    if (at === -1) throw new Error('an unterminated messageId');
    const id = text.slice(start, at);
    messages++;
    if (seen.has(id)) counts.duplicates++;
    else {
      seen.add(id);
      fresh++;
    }
  }
  if (messages === 0) throw new Error(`no messages with a ${field}`);
  if (counts.requests % PARSE_EVERY === 1) {
    const parsed = JSON.parse(raw.toString('utf8')) as { batch?: Array<Record<string, unknown>> };
    if (!Array.isArray(parsed.batch) || parsed.batch.length !== messages || parsed.batch.some((message) => typeof message[field] !== 'string')) {
      throw new Error(`the scan counted ${messages} messages, JSON.parse a different batch`);
    }
  }
  return fresh;
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const field = ID_FIELD[request.url ?? ''];
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    if (field === undefined) {
      counts.otherRequests++;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    counts.requests++;
    counts.bytes += body.length;
    try {
      counts.received += countBatch(body, request.headers['content-encoding'], field);
    } catch (error) {
      counts.malformed++;
      response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
      return;
    }
    const at = nowNs();
    counts.firstAtNs ||= at;
    counts.lastAtNs = at;
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
    if (!notified && counts.received >= expected) {
      notified = true;
      send({ type: 'done', atNs: at, ...counts });
    }
  });
}

const server = createServer({ keepAliveTimeout: 30_000 }, handle);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  send({ type: 'ready', port: typeof address === 'object' && address !== null ? address.port : 0 });
});

process.on('message', (message: Message) => {
  if (message.type === 'expect') {
    expected = Number(message.count);
    notified = false;
    if (counts.received >= expected) {
      notified = true;
      send({ type: 'done', atNs: nowNs(), ...counts });
    }
  } else if (message.type === 'report') {
    send({ type: 'report', ...counts });
  }
});
// The runner going away (or disconnecting) ends the sink: it never outlives a bench.
process.on('disconnect', () => process.exit(0));
