/**
 * In-process A/B of a batch body's construction, per event, message building included (so work
 * moved to build time is counted). Three ways:
 *   string: each message's JSON string, its UTF-8 size checked with Buffer.byteLength; the batch
 *     joined into one string, counted again, and copied into a Buffer by undici (the client
 *     before its messages were encoded once);
 *   buffer: each message encoded once at build time (the size check reads the Buffer's length),
 *     the batch copied into one Buffer (the client now);
 *   written: the string kept and counted at build time, encoded once straight into the body.
 * Scenarios: 100-message batches (flushAt) and ~500 KB ones (a backlog's full batches), each
 * built and sent at once; and a backlog of 50,000 messages queued first and then sent in ~500 KB
 * batches, as in a burst, where the queued messages outlive several garbage collections.
 * Process CPU time, alternating rounds, median (min–max). In one process the three ways share a
 * heap, so this ranks `buffer` and `written` close together; the client's 100,000-event burst,
 * each way in a fresh process, is what chose `buffer` (less CPU per event and a smaller peak RSS).
 * Run under each Node:
 *   node .tmp/bench/bench/batch-body-ab.js
 */
import { randomUUID } from 'node:crypto';
import { trackCall } from './workload.js';

const TAIL = ',"writeKey":"bench-write-key"}';
const HEAD = Buffer.from('{"batch":[');
const CONTEXT = {
  ip: '127.0.0.1',
  userAgent: 'bench/1.0',
  page: { path: '/orders/1042', search: '', url: 'http://127.0.0.1:3000/orders/1042' },
  locale: 'en-GB',
};
const FULL_BATCH = 650;

function cpuNs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
}

/** A message's JSON as the client writes it: the envelope by hand around JSON.stringify of the caller's objects. */
function messageJson(i: number): string {
  const call = trackCall(i);
  let json = `{"type":"track","messageId":${JSON.stringify(randomUUID())},"timestamp":"${new Date().toISOString()}","context":${JSON.stringify(CONTEXT).slice(0, -1)},"library":{"name":"nestjs-segment","version":"0.1.0"}}`;
  json += `,"userId":${JSON.stringify(call.userId)}`;
  json += `,"event":${JSON.stringify(call.event)},"properties":${JSON.stringify(call.properties)}`;
  return json + '}';
}

interface Way<M> {
  /** The message as it is queued. */
  queue(json: string): M;
  /** The request body's byte count, once its body is built as undici gets it. */
  send(messages: readonly M[]): number;
}

type Counted = { json: string; bytes: number };

const counted = (json: string): Counted => ({ json, bytes: Buffer.byteLength(json) });

const sentAtAndTail = (): Buffer => Buffer.from(`],"sentAt":"${new Date().toISOString()}"${TAIL}`, 'latin1');

/** One Buffer of the exact size: the head, the messages with commas, the tail. */
function assemble<M>(messages: readonly M[], length: (message: M) => number, put: (body: Buffer, message: M, at: number) => number): number {
  const end = sentAtAndTail();
  let total = HEAD.length + end.length + messages.length - 1;
  for (const message of messages) total += length(message);
  const body = Buffer.allocUnsafe(total);
  let at = HEAD.copy(body, 0);
  for (let i = 0; i < messages.length; i++) {
    if (i > 0) body[at++] = 44; // ','
    at += put(body, messages[i]!, at);
  }
  at += end.copy(body, at);
  if (at !== total) throw new Error(`wrote ${at} of ${total} bytes`);
  return body.length;
}

const WAYS = {
  string: {
    queue: counted,
    send(messages) {
      const json = `{"batch":[${messages.map((message) => message.json).join(',')}],"sentAt":"${new Date().toISOString()}"${TAIL}`;
      const bytes = Buffer.byteLength(json);
      // What undici does with a string body.
      return Buffer.from(json).length + bytes;
    },
  } satisfies Way<Counted>,
  buffer: {
    queue: (json) => Buffer.from(json),
    send: (messages) =>
      assemble(
        messages,
        (message) => message.length,
        (body, message, at) => message.copy(body, at),
      ),
  } satisfies Way<Buffer>,
  written: {
    queue: counted,
    send: (messages) =>
      assemble(
        messages,
        (message) => message.bytes,
        (body, message, at) => body.write(message.json, at),
      ),
  } satisfies Way<Counted>,
};
type WayName = keyof typeof WAYS;

/** `events` messages built and sent in batches of `size`; `queuedFirst`: all are built before the first batch. */
function run(way: Way<unknown>, events: number, size: number, queuedFirst: boolean): number {
  let bytes = 0;
  if (queuedFirst) {
    const queue = new Array<unknown>(events);
    for (let i = 0; i < events; i++) queue[i] = way.queue(messageJson(i));
    for (let start = 0; start < events; start += size) bytes += way.send(queue.slice(start, start + size));
    return bytes;
  }
  for (let start = 0; start < events; start += size) {
    const batch = new Array<unknown>(size);
    for (let i = 0; i < size; i++) batch[i] = way.queue(messageJson(start + i));
    bytes += way.send(batch);
  }
  return bytes;
}

function spreadText(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${sorted[sorted.length >> 1]!.toFixed(0)} ns/event (${sorted[0]!.toFixed(0)}–${sorted[sorted.length - 1]!.toFixed(0)})`;
}

// The three ways build bodies of one size from the same messages.
const sizes = (Object.keys(WAYS) as WayName[]).map((name) => run(WAYS[name] as Way<unknown>, 3, 3, false));
if (sizes[1] !== sizes[2] || sizes[0] !== 2 * sizes[1]!) throw new Error(`bodies differ: ${sizes.join(', ')}`);

const scenarios = [
  { label: 'batches of 100', events: 30_000, size: 100, queuedFirst: false, rounds: 7 },
  { label: `batches of ${FULL_BATCH}`, events: 30_550, size: FULL_BATCH, queuedFirst: false, rounds: 7 },
  { label: `50,000 queued first, then batches of ${FULL_BATCH}`, events: 50_050, size: FULL_BATCH, queuedFirst: true, rounds: 5 },
];
for (const { label, events, size, queuedFirst, rounds } of scenarios) {
  const results = new Map<WayName, number[]>();
  for (let round = 0; round < rounds; round++) {
    for (const name of Object.keys(WAYS) as WayName[]) {
      const start = cpuNs();
      run(WAYS[name] as Way<unknown>, events, size, queuedFirst);
      results.set(name, [...(results.get(name) ?? []), (cpuNs() - start) / events]);
    }
  }
  const text = [...results].map(([name, values]) => `${name} ${spreadText(values)}`).join('; ');
  process.stdout.write(`${process.version}, ${label}: ${text}\n`);
}
