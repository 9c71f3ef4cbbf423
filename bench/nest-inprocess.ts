/**
 * Nest per-request CPU, in-process: the second measure beside the HTTP one (nest-runs.ts).
 *
 * Over real HTTP on a small machine the server's CPU per request grows by more than a handler's
 * own work (socket writes, waking the load generator, less batching per event-loop turn; see
 * variant (w)), which inflates every variant's added CPU alike and compresses the ratios between
 * them. Here requests are injected in-process (Fastify's inject(), light-my-request on the
 * Express app) and each window ends with each library's own flush, so a window's CPU is the
 * variant's request handling plus the batching and sending of its events over real HTTP to the
 * sink (another process), and nothing of a socket or a load generator.
 *
 * One process per adapter and variant, all alive at once and driven one window at a time, in a
 * seeded shuffled order each round (one adapter's variants back to back): each variant keeps its
 * own heap, JIT state and timers (one app's garbage, or the AsyncLocalStorage hooks that Node 20
 * runs on every promise, never fall on another's window), while load from other work on the
 * machine falls on all of them alike. Differences and ratios are taken within a round.
 *
 *   npx tsc -p bench/tsconfig.json && node .tmp/bench/bench/nest-inprocess.js [--rounds N]
 *     [--requests N] [--warmup N] [--concurrency N] [--variants a,b,c,d,n,p,w]
 *     [--adapters express,fastify] [--no-pin] [--out FILE]
 *   node .tmp/bench/bench/nest-inprocess.js --render FILE   (the tables of a JSON written before)
 *
 * Prints a markdown table; writes JSON to .tmp/bench-results/nest-inprocess.json (or FILE).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { InProcessAppConfig, WindowResult } from './nest-inprocess-app.js';
import { renderInProcess, summarizeInProcess, type InProcessRecord } from './nest-inprocess-summary.js';
import { EVENTS_PER_REQUEST, type NestVariant } from './nest-variants.js';
import { Proc, cpuFor, type Message } from './proc.js';
import { seededRandom } from './seeded-random.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
type Adapter = InProcessRecord['adapter'];

interface Plan {
  rounds: number;
  requests: number;
  warmup: number;
  concurrency: number;
  variants: NestVariant[];
  adapters: Adapter[];
  pin: boolean;
  out: string;
  render?: string;
}

function plan(): Plan {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '50' },
      requests: { type: 'string', default: '500' },
      warmup: { type: 'string', default: '6' },
      concurrency: { type: 'string', default: '10' },
      variants: { type: 'string', default: 'a,b,c,d,n,p,w' },
      adapters: { type: 'string', default: 'express,fastify' },
      'no-pin': { type: 'boolean', default: false },
      out: { type: 'string', default: resolve(ROOT, '.tmp', 'bench-results', 'nest-inprocess.json') },
      render: { type: 'string' },
    },
  });
  return {
    rounds: Number(values.rounds),
    requests: Number(values.requests),
    warmup: Number(values.warmup),
    concurrency: Number(values.concurrency),
    variants: values.variants.split(',') as NestVariant[],
    adapters: values.adapters.split(',') as Adapter[],
    pin: !values['no-pin'],
    out: resolve(values.out),
    render: values.render,
  };
}

/** A seeded shuffle: every round a different order, every run the same orders. */
function shuffler(seed: number): <T>(items: readonly T[]) => T[] {
  const random = seededRandom(seed);
  return (items) => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  };
}

interface Worker {
  adapter: Adapter;
  variant: NestVariant;
  proc: Proc;
}

/** The sink's count of distinct events so far: a window's delta is what its flush delivered. */
async function sinkReceived(sink: Proc): Promise<number> {
  sink.send({ type: 'report' });
  return (await sink.next<Message & { received: number }>('report', 5_000)).received;
}

async function runWindow(
  worker: Worker,
  sink: Proc,
  requests: number,
  round: number,
  receivedBefore: number,
): Promise<{ record: InProcessRecord; received: number }> {
  const { adapter, variant } = worker;
  worker.proc.send({ type: 'window', requests });
  const answer = await worker.proc.next<Message & WindowResult & { error?: string }>(['window', 'error'], 120_000);
  const received = await sinkReceived(sink);
  const expectedEvents = answer.type === 'window' ? answer.ok * EVENTS_PER_REQUEST[variant] : 0;
  const base = { adapter, variant, round, expectedEvents, delivered: received - receivedBefore };
  if (answer.type === 'error') {
    return {
      received,
      record: {
        ...base,
        cpuUsPerRequest: NaN,
        flushCpuUsPerRequest: NaN,
        wallMs: NaN,
        flushMs: NaN,
        requestCpuShare: NaN,
        requests,
        ok: 0,
        error: String(answer.error),
      },
    };
  }
  const record: InProcessRecord = {
    ...base,
    cpuUsPerRequest: answer.cpuUs / answer.requests,
    flushCpuUsPerRequest: answer.flushCpuUs / answer.requests,
    wallMs: answer.wallMs,
    flushMs: answer.flushMs,
    requestCpuShare: answer.requestCpuShare,
    requests: answer.requests,
    ok: answer.ok,
  };
  if (answer.ok !== requests) record.error = `${requests - answer.ok} of ${requests} requests not answered 200 with the order`;
  else if (record.delivered !== expectedEvents) record.error = `the sink received ${record.delivered} of ${expectedEvents} events`;
  return { received, record };
}

async function startWorkers(sinkUrl: string, chosen: Plan): Promise<Worker[]> {
  const configs = chosen.adapters.flatMap((adapter) =>
    chosen.variants.map((variant): InProcessAppConfig => ({ adapter, variant, sinkUrl, concurrency: chosen.concurrency })),
  );
  return Promise.all(
    configs.map(async ({ adapter, variant, ...rest }) => {
      const proc = new Proc('nest-inprocess-app', [JSON.stringify({ adapter, variant, ...rest })], { cpu: cpuFor('measured', chosen.pin) });
      const ready = await proc.next<Message & { error?: string }>(['ready', 'error'], 60_000);
      if (ready.type === 'error') throw new Error(`${adapter} ${variant}: ${String(ready.error)}`);
      return { adapter, variant, proc };
    }),
  );
}

/** The tables again from a JSON this script wrote, with the summary recomputed from its records. */
function render(file: string): void {
  const document = JSON.parse(readFileSync(file, 'utf8')) as { node: string; date: string; plan: Plan; records: InProcessRecord[] };
  console.log(`node ${document.node}, ${document.date}`);
  console.log(renderInProcess(summarizeInProcess(document.records, document.plan.adapters), document.plan));
}

async function main(): Promise<void> {
  const chosen = plan();
  if (chosen.render !== undefined) return render(chosen.render);
  const loadBefore = loadavg();
  console.log(`node ${process.version}, ${cpus().length} CPUs, load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')}`);
  const sink = new Proc('sink', [], { cpu: cpuFor('helper', chosen.pin) });
  let workers: Worker[] = [];
  try {
    const { port } = await sink.next<Message & { port: number }>('ready', 10_000);
    workers = await startWorkers(`http://127.0.0.1:${port}`, chosen);
    let received = await sinkReceived(sink);
    // Warm-up windows (JIT, the libraries' connections to the sink) are checked but not kept.
    for (let i = 0; i < chosen.warmup; i++) {
      for (const worker of workers) {
        const result = await runWindow(worker, sink, chosen.requests, -1, received);
        received = result.received;
        if (result.record.error) throw new Error(`warm-up ${worker.adapter} ${worker.variant}: ${result.record.error}`);
      }
    }
    const shuffle = shuffler(20_240_601);
    const records: InProcessRecord[] = [];
    for (let round = 0; round < chosen.rounds; round++) {
      // One adapter's variants back to back: the windows compared with each other lie close in time.
      const order = shuffle(chosen.adapters).flatMap((adapter) => shuffle(workers.filter((worker) => worker.adapter === adapter)));
      for (const worker of order) {
        const result = await runWindow(worker, sink, chosen.requests, round, received);
        received = result.received;
        records.push(result.record);
        if (result.record.error) console.log(`${worker.adapter} ${worker.variant} round ${round + 1}: ${result.record.error}`);
      }
      console.log(`round ${round + 1}/${chosen.rounds} done`);
    }
    const summary = summarizeInProcess(records, chosen.adapters);
    const loadAfter = loadavg();
    const document = {
      measure: 'nest-inprocess',
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadAverage: { before: loadBefore, after: loadAfter },
      plan: { ...chosen, out: undefined },
      records,
      summary,
    };
    mkdirSync(dirname(chosen.out), { recursive: true });
    writeFileSync(chosen.out, `${JSON.stringify(document, null, 2)}\n`);
    console.log(`\n${renderInProcess(summary, chosen)}`);
    console.log(`load average after ${loadAfter.map((value) => value.toFixed(2)).join(' ')}; JSON: ${chosen.out}`);
  } finally {
    await Promise.all(workers.map((worker) => worker.proc.stop()));
    await sink.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
