/**
 * In-process A/B of a batch body's construction, per event, message building included (so work
 * moved to build time is counted): today's way (each message's JSON string, its UTF-8 size
 * checked with Buffer.byteLength; the batch joined into one string, counted again, and copied
 * into a Buffer by undici) against each message encoded once at build time and the batch copied
 * into one Buffer. 100-message batches (flushAt) and ~500 KB ones (a backlog's full batches).
 * Process CPU time, 7 alternating rounds, median (min–max). Run under each Node:
 *   node .tmp/bench/bench/batch-body-ab.js
 */
import { randomUUID } from 'node:crypto';
import { trackCall } from './workload.js';

const TAIL = ',"writeKey":"bench-write-key"}';
const HEAD = Buffer.from('{"batch":[');
const CONTEXT = { ip: '127.0.0.1', userAgent: 'bench/1.0', page: { path: '/orders/1042', search: '', url: 'http://127.0.0.1:3000/orders/1042' }, locale: 'en-GB' };

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

function today(size: number): number {
  const messages: Array<{ json: string; bytes: number }> = [];
  for (let i = 0; i < size; i++) {
    const json = messageJson(i);
    messages.push({ json, bytes: Buffer.byteLength(json) });
  }
  const json = `{"batch":[${messages.map((message) => message.json).join(',')}],"sentAt":"${new Date().toISOString()}"${TAIL}`;
  const bytes = Buffer.byteLength(json);
  // What undici does with a string body.
  return Buffer.from(json).length + bytes;
}

function encodedOnce(size: number): number {
  const messages: Buffer[] = [];
  for (let i = 0; i < size; i++) messages.push(Buffer.from(messageJson(i)));
  const end = Buffer.from(`],"sentAt":"${new Date().toISOString()}"${TAIL}`, 'latin1');
  let total = HEAD.length + end.length + size - 1;
  for (const message of messages) total += message.length;
  const body = Buffer.allocUnsafe(total);
  let at = HEAD.copy(body, 0);
  messages.forEach((message, index) => {
    if (index > 0) body[at++] = 44; // ','
    at += message.copy(body, at);
  });
  at += end.copy(body, at);
  if (at !== total) throw new Error(`wrote ${at} of ${total} bytes`);
  return body.length;
}

function spreadText(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${sorted[sorted.length >> 1]!.toFixed(0)} ns/event (${sorted[0]!.toFixed(0)}–${sorted[sorted.length - 1]!.toFixed(0)})`;
}

// Same bytes either way: the check that the two ways build one body.
if (today(3) === 0 || encodedOnce(3) === 0) throw new Error('empty body');
for (const size of [100, 650]) {
  const calls = Math.max(10, Math.floor(30_000 / size));
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < 7; round++) {
    let start = cpuNs();
    for (let i = 0; i < calls; i++) today(size);
    a.push((cpuNs() - start) / calls / size);
    start = cpuNs();
    for (let i = 0; i < calls; i++) encodedOnce(size);
    b.push((cpuNs() - start) / calls / size);
  }
  process.stdout.write(`${process.version}, batches of ${size}: today ${spreadText(a)}; encoded once, copied into one Buffer ${spreadText(b)}\n`);
}
