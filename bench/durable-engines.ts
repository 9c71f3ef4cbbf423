/**
 * Why BullMQ: the storage engines for durable delivery side by side, with no HTTP and no client
 * (`tsc -p bench/tsconfig.json`, then `node .tmp/bench/bench/durable-engines.js --url redis://127.0.0.1:PORT`).
 * `events` serialized track messages are written in pipelined groups of `perJob`-message
 * batches, as the client writes one event-loop turn, and read back by a consumer with 4 batches
 * in flight, which acknowledges and removes each batch:
 *
 * - bullmq:  each batch's messages SET as one newline-joined string, then Queue.addBulk of small
 *            jobs pointing at them; a Worker (concurrency 4) with BullMQ's locks and stalled-job
 *            checks GETs, then DELs them (what the client does);
 * - streams: XADD of one entry per batch holding the same string, XREADGROUP COUNT 4 + XACK +
 *            XDEL (a claim after a crash would need XAUTOCLAIM and lock renewal of our own).
 *
 * Figures per run: events/s from the first write until the last batch was consumed, CPU of
 * this process and of redis-server per event.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { trackCall } from './workload.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    events: { type: 'string', default: '100000' },
    'per-job': { type: 'string', default: '100' },
    engine: { type: 'string', default: 'bullmq' },
  },
});
const url = values.url!;
const events = Number(values.events);
const perJob = Number(values['per-job']);
const GROUP = 20;

function cpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
}

function message(i: number): { id: string; json: string } {
  const id = `id-${i}-${process.pid}`;
  return { id, json: JSON.stringify({ type: 'track', messageId: id, timestamp: new Date().toISOString(), ...trackCall(i), context: { library: { name: 'nestjs-segment', version: '0' } } }) };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function bullmq(admin: Redis, onConsumed: (count: number) => void): Promise<() => Promise<void>> {
  const queue = new Queue('engines', { connection: admin });
  const consumer = new Redis(url, { maxRetriesPerRequest: null });
  const worker = new Worker(
    'engines',
    async (job) => {
      const { payload } = job.data as { payload: string };
      const text = (await consumer.get(payload)) ?? '';
      await consumer.del(payload);
      onConsumed(text.split('\n').length);
    },
    { connection: consumer, concurrency: 4 },
  );
  const options = { removeOnComplete: true, removeOnFail: true };
  for (let i = 0; i < events; ) {
    const jobs = [];
    for (let g = 0; g < GROUP && i < events; g++) {
      const batch = Array.from({ length: Math.min(perJob, events - i) }, (_, k) => message(i + k));
      i += batch.length;
      const payload = `engines:payload:${i}`;
      void admin.set(payload, batch.map((m) => m.json).join('\n'));
      jobs.push({ name: 'batch', data: { payload, ids: batch.map((m) => m.id) }, opts: options });
    }
    void queue.addBulk(jobs);
    await nextTurn();
  }
  return async () => {
    await worker.close();
    await queue.close();
  };
}

async function streams(admin: Redis, onConsumed: (count: number) => void): Promise<() => Promise<void>> {
  await admin.xgroup('CREATE', 'engines', 'group', '$', 'MKSTREAM');
  const reader = new Redis(url, { maxRetriesPerRequest: null });
  let running = true;
  const consume = async (): Promise<void> => {
    while (running) {
      const answer = (await reader.xreadgroup('GROUP', 'group', 'consumer', 'COUNT', 4, 'BLOCK', 100, 'STREAMS', 'engines', '>')) as Array<[string, Array<[string, string[]]>]> | null;
      if (answer === null) continue;
      const ids: string[] = [];
      for (const [, entries] of answer) {
        for (const [id, fields] of entries) {
          onConsumed(fields[3]!.split('\n').length);
          ids.push(id);
        }
      }
      await reader.multi().xack('engines', 'group', ...ids).xdel('engines', ...ids).exec();
    }
  };
  const consuming = consume();
  for (let i = 0; i < events; ) {
    const pipeline = admin.pipeline();
    for (let g = 0; g < GROUP && i < events; g++) {
      const batch = Array.from({ length: Math.min(perJob, events - i) }, (_, k) => message(i + k));
      i += batch.length;
      pipeline.xadd('engines', '*', 'ids', JSON.stringify(batch.map((m) => m.id)), 'payload', batch.map((m) => m.json).join('\n'));
    }
    void pipeline.exec();
    await nextTurn();
  }
  return async () => {
    running = false;
    await consuming;
    reader.disconnect();
  };
}

async function main(): Promise<void> {
  const admin = new Redis(url, { maxRetriesPerRequest: null });
  await admin.flushall();
  const redisPid = Number(/process_id:(\d+)/.exec(await admin.info('server'))?.[1]);
  let consumed = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const onConsumed = (count: number): void => {
    if ((consumed += count) >= events) done();
  };
  const redisBefore = cpuUs(redisPid);
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const stop = await (values.engine === 'streams' ? streams : bullmq)(admin, onConsumed);
  await finished;
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const redisCpu = cpuUs(redisPid) - redisBefore;
  console.log(JSON.stringify({ engine: values.engine, perJob, events, eventsPerSec: Math.round(events / seconds), appCpuUsPerEvent: +((cpu.user + cpu.system) / events).toFixed(1), redisCpuUsPerEvent: +(redisCpu / events).toFixed(1) }));
  await stop();
  admin.disconnect();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
