/**
 * Nest request overhead: for each round, adapter and variant (see nest-variants.ts; the order
 * rotates per round), a fresh sink, a fresh Nest app on the measured CPU and autocannon on the
 * helper CPU. After the load the app is closed (its shutdown flush) and the sink's count is
 * compared with the events the 2xx answers sent. Also: app.close() with `queue` events queued
 * through SegmentService.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadConfig, LoadResult } from './load.js';
import type { NestAppConfig } from './nest-app.js';
import { EVENTS_PER_REQUEST, type NestVariant } from './nest-variants.js';
import { Proc, cpuFor, type Message } from './proc.js';

export interface NestRecord {
  adapter: 'express' | 'fastify';
  variant: NestVariant;
  round: number;
  requestsPerSec: number;
  latencyP99Ms: number;
  /** Throughput lost against variant a of the same adapter and round, %. */
  lossPct: number;
  /** Server process CPU (user + system, all threads) per request in the measured run, µs. */
  cpuUsPerRequest: number;
  /** The loss as CPU per request predicts it: 1 - cpu(a) / cpu(this), %. Robust to others' load. */
  cpuLossPct: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** 2xx answers, warm-up included (each sends EVENTS_PER_REQUEST[variant] events). */
  ok: number;
  /** Events the sink had after app.close(); ours must deliver every one the 2xx answers sent. */
  delivered: number;
  /** Batch requests the sink answered. */
  batches: number;
  closeMs: number;
  error?: string;
}

export interface NestShutdownRecord {
  adapter: 'express' | 'fastify';
  queued: number;
  delivered: number;
  closeMs: number;
  complete: boolean;
  error?: string;
}

export interface NestPlan {
  adapters: Array<'express' | 'fastify'>;
  variants: NestVariant[];
  rounds: number;
  warmupSec: number;
  durationSec: number;
  connections: number;
  /** Offered requests per second (0: saturate: each connection sends as soon as it has its answer). */
  rate: number;
  /** Events queued before app.close() in the shutdown check (0: skip). */
  shutdownQueue: number;
}

interface Context {
  pin: boolean;
  log: (line: string) => void;
  /** When set, each Nest server writes a V8 CPU profile here (node --cpu-prof). */
  profileDir?: string;
}

async function startSink(pin: boolean): Promise<{ sink: Proc; url: string }> {
  const sink = new Proc('sink', [], { cpu: cpuFor('helper', pin) });
  const { port } = await sink.next<Message & { port: number }>('ready', 10_000);
  return { sink, url: `http://127.0.0.1:${port}` };
}

async function sinkCount(sink: Proc): Promise<{ received: number; requests: number }> {
  sink.send({ type: 'report' });
  return sink.next<Message & { received: number; requests: number }>('report', 5_000);
}

async function measure(adapter: NestRecord['adapter'], variant: NestRecord['variant'], round: number, plan: NestPlan, context: Context): Promise<NestRecord> {
  const { sink, url } = await startSink(context.pin);
  let app: Proc | undefined;
  let load: Proc | undefined;
  try {
    const profileFile = context.profileDir ? join(context.profileDir, `nest-${adapter}-${variant}-${round}.cpuprofile`) : undefined;
    const config: NestAppConfig = { adapter, variant, sinkUrl: url, profileFile };
    app = new Proc('nest-app', [JSON.stringify(config)], { cpu: cpuFor('measured', context.pin) });
    const ready = await app.next<Message & { port?: number; error?: string }>(['ready', 'error'], 30_000);
    if (ready.type === 'error') throw new Error(String(ready.error));
    const loadConfig: LoadConfig = {
      url: `http://127.0.0.1:${ready.port}/orders/1042`,
      connections: plan.connections,
      warmupSec: plan.warmupSec,
      durationSec: plan.durationSec,
      rate: plan.rate,
      headers: { 'x-user-id': 'user_42', 'user-agent': 'bench/1.0', 'accept-language': 'en-GB,en;q=0.8' },
    };
    load = new Proc('load', [JSON.stringify(loadConfig)], { cpu: cpuFor('helper', context.pin) });
    const warm = await load.next<Message>(['warm', 'error'], plan.warmupSec * 1000 + 30_000);
    if (warm.type === 'error') throw new Error(String(warm.error));
    app.send({ type: 'mark' });
    const before = await app.next<Message & { cpuUs: number }>('mark', 5_000);
    load.send({ type: 'go' });
    const answer = await load.next<Message>(['result', 'error'], plan.durationSec * 1000 + 30_000);
    if (answer.type === 'error') throw new Error(String(answer.error));
    app.send({ type: 'mark' });
    const after = await app.next<Message & { cpuUs: number }>('mark', 5_000);
    const result = answer as unknown as LoadResult;
    app.send({ type: 'close' });
    const closed = await app.next<Message & { closeMs: number }>('closed', 30_000);
    const { received: delivered, requests: batches } = await sinkCount(sink);
    if (profileFile) {
      // profile-summary.ts reads this to give self time per request.
      writeFileSync(`${profileFile}.json`, JSON.stringify({ requests: result.requests, events: result.requests * EVENTS_PER_REQUEST[variant] }));
      context.log(`profile ${profileFile}: ${result.requests} requests in the profiled window`);
    }
    return {
      adapter, variant, round,
      requestsPerSec: result.requestsPerSec,
      latencyP99Ms: result.latencyP99Ms,
      lossPct: NaN,
      cpuUsPerRequest: (after.cpuUs - before.cpuUs) / result.requests,
      cpuLossPct: NaN,
      requests: result.requests,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      ok: result.totalOk,
      delivered,
      batches,
      closeMs: closed.closeMs,
    };
  } catch (error) {
    return { adapter, variant, round, requestsPerSec: NaN, latencyP99Ms: NaN, lossPct: NaN, cpuUsPerRequest: NaN, cpuLossPct: NaN, requests: 0, errors: 0, non2xx: 0, ok: 0, delivered: 0, batches: 0, closeMs: NaN, error: String((error as Error).message ?? error) };
  } finally {
    await load?.stop();
    await app?.stop();
    await sink.stop();
  }
}

/** app.close() right after `queue` track() calls through SegmentService: all must reach the sink. */
export async function nestShutdown(adapter: NestRecord['adapter'], queue: number, context: Context): Promise<NestShutdownRecord> {
  const { sink, url } = await startSink(context.pin);
  let app: Proc | undefined;
  try {
    const config: NestAppConfig = { adapter, variant: 'b', sinkUrl: url, queue };
    app = new Proc('nest-app', [JSON.stringify(config)], { cpu: cpuFor('measured', context.pin) });
    const closed = await app.next<Message & { closeMs: number; error?: string }>(['closed', 'error'], 60_000);
    if (closed.type === 'error') throw new Error(String(closed.error));
    const { received: delivered } = await sinkCount(sink);
    return { adapter, queued: queue, delivered, closeMs: closed.closeMs, complete: delivered === queue };
  } catch (error) {
    return { adapter, queued: queue, delivered: 0, closeMs: NaN, complete: false, error: String((error as Error).message ?? error) };
  } finally {
    await app?.stop();
    await sink.stop();
  }
}

function rotated<T>(items: T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

export async function runNest(plan: NestPlan, context: Context): Promise<{ records: NestRecord[]; shutdown: NestShutdownRecord[] }> {
  if (context.profileDir) mkdirSync(context.profileDir, { recursive: true });
  const records: NestRecord[] = [];
  for (let round = 0; round < plan.rounds; round++) {
    for (const adapter of rotated(plan.adapters, round)) {
      for (const variant of rotated(plan.variants, round)) {
        const record = await measure(adapter, variant, round, plan, context);
        records.push(record);
        context.log(
          record.error
            ? `nest ${adapter} ${variant} round ${round + 1}: FAILED ${record.error}`
            : `nest ${adapter} ${variant} round ${round + 1}: ${Math.round(record.requestsPerSec)} req/s, ${record.cpuUsPerRequest.toFixed(1)} µs CPU/req, p99 ${record.latencyP99Ms} ms, ${record.ok} ok, sink ${record.delivered}/${record.ok * EVENTS_PER_REQUEST[variant]} in ${record.batches} batches, close ${record.closeMs.toFixed(0)} ms`,
        );
      }
    }
  }
  for (const record of records) {
    const baseline = records.find((other) => other.adapter === record.adapter && other.round === record.round && other.variant === 'a');
    if (baseline && record.variant !== 'a') {
      record.lossPct = (1 - record.requestsPerSec / baseline.requestsPerSec) * 100;
      record.cpuLossPct = (1 - baseline.cpuUsPerRequest / record.cpuUsPerRequest) * 100;
    } else if (record.variant === 'a') {
      record.lossPct = 0;
      record.cpuLossPct = 0;
    }
  }
  const shutdown: NestShutdownRecord[] = [];
  if (plan.shutdownQueue > 0) {
    for (const adapter of plan.adapters) {
      const record = await nestShutdown(adapter, plan.shutdownQueue, context);
      shutdown.push(record);
      context.log(`nest shutdown ${adapter}: ${record.delivered}/${record.queued} delivered, app.close() ${record.closeMs.toFixed(0)} ms${record.error ? ` ${record.error}` : ''}`);
    }
  }
  return { records, shutdown };
}
