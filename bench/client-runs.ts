/**
 * One measured run of one contender: a fresh sink process, a fresh worker process, the
 * worker's figures joined with the sink's arrival time.
 */
import type { WorkerConfig, WorkerResult } from './client-worker.js';
import type { LibraryName, LibrarySettings } from './libraries.js';
import { Proc, cpuFor, type Message } from './proc.js';

export interface Contender {
  id: string;
  label: string;
  library: LibraryName;
  /** Settings beyond the library's defaults (the queue bound sized to the burst, for ours). */
  settings: (events: number) => LibrarySettings;
}

export const OURS: Contender = {
  id: 'nestjs-segment',
  label: 'nestjs-segment, defaults (maxQueueSize = burst size)',
  library: 'nestjs-segment',
  settings: (events) => ({ maxQueueSize: Math.max(events, 10_000) }),
};
export const OURS_GZIP: Contender = {
  id: 'nestjs-segment-gzip',
  label: 'nestjs-segment, gzip: true',
  library: 'nestjs-segment',
  settings: (events) => ({ maxQueueSize: Math.max(events, 10_000), gzip: true }),
};
export const ANALYTICS_NODE: Contender = {
  id: 'analytics-node',
  label: '@segment/analytics-node 3.1.0, defaults',
  library: 'analytics-node',
  settings: () => ({}),
};
export const ANALYTICS_NODE_TUNED: Contender = {
  id: 'analytics-node-tuned',
  label: '@segment/analytics-node 3.1.0, flushAt 100 / flushInterval 500',
  library: 'analytics-node',
  settings: () => ({ flushAt: 100, flushInterval: 500 }),
};
export const LIMIT: Contender = {
  id: 'limit',
  label: 'loopback limit: prebuilt 100-message batches, undici Pool, 4 connections',
  library: 'limit',
  settings: () => ({ batchSize: 100, connections: 4 }),
};

export type RunMode = 'burst' | 'shutdown' | 'paced';

export interface RunRecord {
  contender: string;
  mode: RunMode;
  /** paced: calls per second offered. */
  rate?: number;
  events: number;
  rep: number;
  /** False when the sink did not get every event (a drop, a timeout); the figures are then partial. */
  complete: boolean;
  error?: string;
  received: number;
  duplicates: number;
  requests: number;
  /** track() alone, µs per call (the loop minus the separately measured payload building). */
  trackUs: number;
  /**
   * burst: track() plus the work the calls left queued on the same thread (microtasks, immediates
   * that ran before the event loop was free again), µs per call. NaN for paced runs.
   */
  threadUs: number;
  /** The loop as the caller sees it: payload building + track(), µs per call. */
  loopUs: number;
  /** The same in process CPU time (GC helper threads included): robust to the machine's other load. */
  loopCpuUs: number;
  payloadUs: number;
  blockP99Us: number;
  blockMaxUs: number;
  firstTenthUs: number;
  lastTenthUs: number;
  /** From the end of the loop until the event loop turned (work the calls deferred to microtasks). */
  deferredMs: number;
  /** Events per second from the first call until the sink had all of them. */
  eventsPerSec: number;
  deliverMs: number;
  /** From the last call until the sink had everything. */
  lagMs: number;
  /** From finish() (close / closeAndFlush) being called until it resolved. */
  closeMs: number;
  /** CPU of the client process per event, µs (user + system). */
  cpuUsPerEvent: number;
  peakRssMB: number;
  baseRssMB: number;
  /** Heap after delivery and a full GC, minus the heap before the first call. */
  retainedHeapMB: number;
  accounting: Record<string, number>;
}

const MB = 1024 * 1024;

export interface RunOptions {
  pin: boolean;
  timeoutMs: number;
  profileDir?: string;
  /** paced mode: calls per second. */
  rate?: number;
}

export async function runClient(contender: Contender, events: number, mode: RunMode, rep: number, options: RunOptions): Promise<RunRecord> {
  const sink = new Proc('sink', [], { cpu: cpuFor('helper', options.pin) });
  let worker: Proc | undefined;
  try {
    const { port } = await sink.next<Message & { port: number }>('ready', 10_000);
    sink.send({ type: 'expect', count: events });
    const config: WorkerConfig = { library: contender.library, settings: contender.settings(events), events, mode, rate: options.rate, sinkUrl: `http://127.0.0.1:${port}` };
    const execArgv = ['--expose-gc'];
    if (options.profileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.profileDir}`, `--cpu-prof-name=${contender.id}-${mode}-${events}-${rep}.cpuprofile`);
    worker = new Proc('client-worker', [JSON.stringify(config)], { cpu: cpuFor('measured', options.pin), execArgv });
    const answer = await worker.next<Message>(['result', 'error'], options.timeoutMs);
    if (answer.type === 'error') throw new Error(String(answer.error));
    const result = answer as unknown as WorkerResult;
    const done = await sink.next<Message & { atNs: number; received: number; duplicates: number; requests: number }>('done', 3_000).catch(() => undefined);
    sink.send({ type: 'report' });
    const report = await sink.next<Message & { received: number; duplicates: number; requests: number }>('report', 5_000);
    const deliverNs = done ? done.atNs - result.startNs : NaN;
    return {
      contender: contender.id,
      mode,
      ...(mode === 'paced' ? { rate: options.rate } : {}),
      events,
      rep,
      complete: done !== undefined,
      received: report.received,
      duplicates: report.duplicates,
      requests: report.requests,
      trackUs: Math.max(0, result.loopNs - result.payloadNs) / 1000,
      threadUs: mode === 'paced' ? NaN : Math.max(0, result.loopNs - result.payloadNs) / 1000 + (result.loopFreeNs - result.burstEndNs) / events / 1000,
      loopUs: result.loopNs / 1000,
      loopCpuUs: result.loopCpuNs / 1000,
      payloadUs: result.payloadNs / 1000,
      blockP99Us: result.blocks.p99 / 1000,
      blockMaxUs: result.blocks.max / 1000,
      firstTenthUs: result.blocks.firstTenth / 1000,
      lastTenthUs: result.blocks.lastTenth / 1000,
      deferredMs: (result.loopFreeNs - result.burstEndNs) / 1e6,
      eventsPerSec: done ? events / (deliverNs / 1e9) : NaN,
      deliverMs: deliverNs / 1e6,
      lagMs: done ? (done.atNs - result.burstEndNs) / 1e6 : NaN,
      closeMs: (result.finishedNs - result.finishStartNs) / 1e6,
      cpuUsPerEvent: result.cpuUs / events,
      peakRssMB: result.peakRss / MB,
      baseRssMB: result.before.rss / MB,
      retainedHeapMB: (result.after.heapUsed - result.before.heapUsed) / MB,
      accounting: result.accounting,
    };
  } catch (error) {
    return failedRecord(contender, events, mode, rep, String((error as Error).message ?? error));
  } finally {
    await worker?.stop();
    await sink.stop();
  }
}

function failedRecord(contender: Contender, events: number, mode: RunMode, rep: number, error: string): RunRecord {
  return {
    contender: contender.id, mode, events, rep, complete: false, error,
    received: 0, duplicates: 0, requests: 0, trackUs: NaN, threadUs: NaN, loopUs: NaN, loopCpuUs: NaN, lagMs: NaN, payloadUs: NaN, blockP99Us: NaN, blockMaxUs: NaN,
    firstTenthUs: NaN, lastTenthUs: NaN, deferredMs: NaN, eventsPerSec: NaN, deliverMs: NaN, closeMs: NaN, cpuUsPerEvent: NaN,
    peakRssMB: NaN, baseRssMB: NaN, retainedHeapMB: NaN, accounting: {},
  };
}
