/**
 * The fake Segment, in a process of its own: POST /v1/batch on 127.0.0.1, gunzips when asked,
 * counts messages (distinct messageIds, so a retry is not counted twice; see countBatch)
 * and tells the runner over IPC when the expected number has arrived.
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
const counts = { received: 0, duplicates: 0, requests: 0, bytes: 0, malformed: 0, firstAtNs: 0, lastAtNs: 0 };

function send(message: Message): void {
  process.send?.(message);
}

const MESSAGE_ID = '"messageId":"';
/** Every this many requests the body is also fully parsed, to check the scan against JSON. */
const PARSE_EVERY = 25;

/**
 * Counts a batch's distinct messageIds by scanning for the `"messageId":"` key (serializers
 * write it without spaces; inside a JSON string a quote is always escaped, so the key cannot
 * appear in a value). A full JSON.parse per batch made the sink, not the client, the limit of
 * the delivery measurements; every PARSE_EVERY-th body is parsed to check the scan.
 */
function countBatch(body: Buffer, encoding: string | undefined): number {
  const raw = encoding === 'gzip' ? gunzipSync(body) : body;
  // The ids are ASCII: latin1 decoding is a plain copy.
  const text = raw.toString('latin1');
  let fresh = 0;
  let messages = 0;
  for (let at = text.indexOf(MESSAGE_ID); at !== -1; at = text.indexOf(MESSAGE_ID, at)) {
    const start = at + MESSAGE_ID.length;
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
  if (messages === 0) throw new Error('no messages with a messageId');
  if (counts.requests % PARSE_EVERY === 1) {
    const parsed = JSON.parse(raw.toString('utf8')) as { batch?: Array<{ messageId?: unknown }> };
    if (!Array.isArray(parsed.batch) || parsed.batch.length !== messages || parsed.batch.some((message) => typeof message.messageId !== 'string')) {
      throw new Error(`the scan counted ${messages} messages, JSON.parse a different batch`);
    }
  }
  return fresh;
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks);
    counts.requests++;
    counts.bytes += body.length;
    try {
      counts.received += countBatch(body, request.headers['content-encoding']);
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
