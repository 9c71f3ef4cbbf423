/**
 * Durable delivery against the in-memory client, in the same run: `npm run bench:durable`
 * (options: --events N, --reps N, --turn N calls per event-loop turn, --no-pin, --profile DIR for
 * CPU profiles of the workers).
 *
 * A redis-server of its own on a free loopback port (no persistence to disk), the sink in its
 * own process, and one worker process per run that makes the calls and delivers them (for the
 * durable variant: writes each turn's messages to Redis, and its BullMQ worker takes them back
 * out and posts them). Variants alternate within each repetition so the machine's other load
 * falls on both. Figures per run: delivered events/s from the first call until the sink had
 * every messageId, the worker's CPU per event, and Redis's CPU per event over the same run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import type { DurableWorkerConfig, DurableWorkerResult } from './durable-worker.js';
import { Proc, cpuFor, type Message } from './proc.js';

interface RunFigures {
  variant: DurableWorkerConfig['variant'];
  rep: number;
  eventsPerSec: number;
  cpuUsPerEvent: number;
  redisCpuUsPerEvent: number;
  peakRssMb: number;
  received: number;
  duplicates: number;
}

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    reps: { type: 'string', default: '3' },
    turn: { type: 'string', default: '500' },
    'no-pin': { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});
const events = Number(values.events);
const reps = Number(values.reps);
const turn = Number(values.turn);
const pin = !values['no-pin'];

/** CPU time (user + system) of a process so far, in µs, from /proc/<pid>/stat. */
function processCpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1_000_000) / 100;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startRedis(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const cpu = cpuFor('helper', pin);
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  const child = cpu === undefined ? spawn('redis-server', args) : spawn('taskset', ['-c', String(cpu), 'redis-server', ...args]);
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', () => reject(new Error(`redis-server exited: ${output.slice(-300)}`)));
  });
  return { child, url: `redis://127.0.0.1:${port}` };
}

async function runOnce(variant: DurableWorkerConfig['variant'], rep: number, redisUrl: string, redisPid: number, admin: Redis): Promise<RunFigures> {
  await admin.flushall();
  const sink = new Proc('sink', [], { cpu: cpuFor('helper', pin) });
  try {
    const ready = await sink.next<Message & { port: number }>('ready', 10_000);
    sink.send({ type: 'expect', count: events });
    const config: DurableWorkerConfig = { variant, events, turn, sinkUrl: `http://127.0.0.1:${ready.port}`, redisUrl };
    const execArgv = values.profile === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', values.profile];
    const worker = new Proc('durable-worker', [JSON.stringify(config)], { cpu: cpuFor('measured', pin), execArgv });
    try {
      const redisBefore = processCpuUs(redisPid);
      const answer = await worker.next(['result', 'error'], 300_000);
      if (answer.type === 'error') throw new Error(String(answer.error));
      const result = answer as unknown as DurableWorkerResult;
      const redisCpu = processCpuUs(redisPid) - redisBefore;
      const done = await sink.next<Message & { atNs: number; received: number; duplicates: number }>('done', 60_000);
      const seconds = (Math.max(done.atNs, result.deliveredNs) - result.startNs) / 1e9;
      return {
        variant,
        rep,
        eventsPerSec: events / seconds,
        cpuUsPerEvent: result.cpuUs / events,
        redisCpuUsPerEvent: variant === 'durable' ? redisCpu / events : 0,
        peakRssMb: result.peakRss / 1e6,
        received: done.received,
        duplicates: done.duplicates,
      };
    } finally {
      await worker.stop();
    }
  } finally {
    await sink.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const format = (value: number, digits = 1): string => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'segment-bench-redis-'));
  const redis = await startRedis(dir);
  const admin = new Redis(redis.url, { maxRetriesPerRequest: null });
  const runs: RunFigures[] = [];
  try {
    const redisPid = Number(await admin.info('server').then((info) => /process_id:(\d+)/.exec(info)?.[1]));
    for (let rep = 0; rep < reps; rep++) {
      const order: Array<DurableWorkerConfig['variant']> = rep % 2 === 0 ? ['memory', 'durable'] : ['durable', 'memory'];
      for (const variant of order) {
        const figures = await runOnce(variant, rep, redis.url, redisPid, admin);
        runs.push(figures);
        console.error(`rep ${rep + 1}/${reps} ${variant}: ${format(figures.eventsPerSec, 0)} events/s, ${format(figures.cpuUsPerEvent)} µs CPU/event (+ Redis ${format(figures.redisCpuUsPerEvent)}), peak RSS ${format(figures.peakRssMb, 0)} MB, received ${figures.received}`);
      }
    }
  } finally {
    admin.disconnect();
    redis.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
  const of = (variant: DurableWorkerConfig['variant'], pick: (run: RunFigures) => number): number[] => runs.filter((run) => run.variant === variant).map(pick);
  const row = (variant: DurableWorkerConfig['variant'], label: string): string => {
    const cell = (pick: (run: RunFigures) => number, digits: number): string => {
      const all = of(variant, pick);
      return `${format(median(all), digits)} (${format(Math.min(...all), digits)}–${format(Math.max(...all), digits)})`;
    };
    return `| ${label} | ${cell((run) => run.eventsPerSec, 0)} | ${cell((run) => run.cpuUsPerEvent, 1)} | ${variant === 'durable' ? cell((run) => run.redisCpuUsPerEvent, 1) : '–'} | ${cell((run) => run.peakRssMb, 0)} |`;
  };
  const ratios = [...new Set(runs.map((run) => run.rep))].map((rep) => {
    const pair = runs.filter((run) => run.rep === rep);
    return pair.find((run) => run.variant === 'durable')!.cpuUsPerEvent / pair.find((run) => run.variant === 'memory')!.cpuUsPerEvent;
  });
  const complete = runs.every((run) => run.received === events);
  console.log(`${events.toLocaleString('en-US')} track() calls in turns of ${turn}, ${reps} repetitions, Node ${process.version}${pin ? ', worker and helpers (sink, redis-server) on separate CPUs' : ''}; every messageId delivered: ${complete ? 'yes' : 'NO'}\n`);
  console.log('| Client | delivered events/s | app CPU µs/event | Redis CPU µs/event | peak RSS MB |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  console.log(row('memory', 'in-memory queue (defaults)'));
  console.log(row('durable', 'durable: { url } (BullMQ on loopback Redis)'));
  console.log(`\nDurable app CPU per event / in-memory, within each repetition: ${ratios.map((ratio) => format(ratio, 2)).join(', ')} (median ${format(median(ratios), 2)})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
