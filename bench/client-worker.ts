/**
 * One library, one run, one process (so its RSS is its own). Started by the runner with a
 * JSON WorkerConfig as argv[2] and `--expose-gc`; sends one { type: 'result' } and exits.
 *
 * burst:    `events` track() calls in one synchronous loop (timed in blocks), then finish();
 * shutdown: the same loop, then finish() at once, timed on its own (close with everything queued);
 * paced:    `rate` calls per second in turns of 100 (a busy server: the event loop turns between
 *           turns), only the time inside the calls counted, then finish().
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createContender, type LibraryName, type LibrarySettings } from './libraries.js';
import { nowNs } from './proc.js';
import { trackCall } from './workload.js';

export interface WorkerConfig {
  library: LibraryName;
  settings: LibrarySettings;
  events: number;
  mode: 'burst' | 'shutdown' | 'paced';
  /** paced: calls per second. */
  rate?: number;
  sinkUrl: string;
}

export interface WorkerResult {
  type: 'result';
  /** Mean ns of building one payload (trackCall), measured before the run and not in it. */
  payloadNs: number;
  /** The calls as the caller sees them: payload + track(), wall time per call. */
  loopNs: number;
  /** The same in process CPU time (all threads, GC helpers included): unaffected by waiting for a busy CPU. */
  loopCpuNs: number;
  /** Per-call ns over blocks of BLOCK calls: median, 99th percentile, worst; first and last tenth of the loop. */
  blocks: { size: number; p50: number; p99: number; max: number; firstTenth: number; lastTenth: number };
  startNs: number;
  burstEndNs: number;
  /** When the event loop turned again after the loop: microtasks and immediates the calls queued have run. */
  loopFreeNs: number;
  finishStartNs: number;
  finishedNs: number;
  /** CPU (user + system) of this process from the first call until finish() resolved. */
  cpuUs: number;
  /** Peak resident set (ru_maxrss) in bytes, for the whole process life. */
  peakRss: number;
  before: { rss: number; heapUsed: number };
  /** After finish() and a full GC: what the library still holds. */
  after: { rss: number; heapUsed: number };
  accounting: Record<string, number>;
}

const BLOCK = 250;
const PACED_TURN = 100;

/**
 * CPU time of this process in ns (getrusage: exact, all threads, so GC helper threads count).
 * Unlike wall time it does not grow while the process waits for a CPU that others are using.
 */
function processCpuNs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) * 1000;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return values.length === 0 ? 0 : sum / values.length;
}

function fullGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
}

/** Building the payloads alone, so the per-call figure can be told apart from the caller's own work. */
function payloadCost(count: number): number {
  let sink = 0;
  const start = nowNs();
  for (let i = 0; i < count; i++) sink += trackCall(i).userId.length;
  const elapsed = nowNs() - start;
  if (sink < 0) console.log(sink);
  return elapsed / count;
}

async function run(config: WorkerConfig): Promise<WorkerResult> {
  const contender = await createContender(config.library, config.sinkUrl, config.settings);
  const payloadNs = payloadCost(Math.min(config.events, 50_000));
  fullGc();
  await sleep(20);
  const memory = process.memoryUsage();
  const before = { rss: memory.rss, heapUsed: memory.heapUsed };

  const { events } = config;
  const paced = config.mode === 'paced';
  const blockSize = paced ? PACED_TURN : BLOCK;
  const blockTimes = new Float64Array(Math.ceil(events / blockSize));
  const rate = config.rate ?? 10_000;
  let inCallsNs = 0;
  let cpuNs = 0;
  const cpuStart = process.cpuUsage();
  const startNs = nowNs();
  for (let block = 0, i = 0; i < events; block++) {
    if (paced) {
      // Turn `block` is due at block * turn / rate; wait for it, letting I/O and timers run.
      const waitMs = (startNs + (i / rate) * 1e9 - nowNs()) / 1e6;
      await (waitMs >= 1 ? sleep(waitMs) : new Promise((resolve) => setImmediate(resolve)));
    }
    const cpuBefore = paced || block === 0 ? processCpuNs() : 0;
    const blockStart = nowNs();
    const end = Math.min(events, i + blockSize);
    const size = end - i;
    for (; i < end; i++) contender.track(trackCall(i));
    const blockNs = nowNs() - blockStart;
    blockTimes[block] = blockNs / size;
    inCallsNs += blockNs;
    if (paced) cpuNs += processCpuNs() - cpuBefore;
    else if (block === 0) cpuNs = -cpuBefore;
  }
  if (!paced) cpuNs += processCpuNs();
  const burstEndNs = nowNs();
  // shutdown: close() right after the loop, with every message still queued.
  if (config.mode !== 'shutdown') await new Promise((resolve) => setImmediate(resolve));
  const loopFreeNs = nowNs();
  const finishStartNs = nowNs();
  await contender.finish();
  const finishedNs = nowNs();
  const cpu = process.cpuUsage(cpuStart);

  fullGc();
  await sleep(50);
  fullGc();
  const settled = process.memoryUsage();
  const tenth = Math.max(1, Math.floor(blockTimes.length / 10));
  const sorted = Float64Array.from(blockTimes).sort();
  return {
    type: 'result',
    payloadNs,
    loopNs: inCallsNs / events,
    loopCpuNs: cpuNs / events,
    blocks: {
      size: blockSize,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      max: sorted[sorted.length - 1]!,
      firstTenth: mean(blockTimes.subarray(0, tenth)),
      lastTenth: mean(blockTimes.subarray(blockTimes.length - tenth)),
    },
    startNs,
    burstEndNs,
    loopFreeNs,
    finishStartNs,
    finishedNs,
    cpuUs: cpu.user + cpu.system,
    peakRss: process.resourceUsage().maxRSS * 1024,
    before,
    after: { rss: settled.rss, heapUsed: settled.heapUsed },
    accounting: contender.accounting(),
  };
}

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
run(config).then(
  (result) => process.send!(result, () => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    process.send!({ type: 'error', error: String((error as Error)?.stack ?? error) }, () => process.exit(1));
  },
);
