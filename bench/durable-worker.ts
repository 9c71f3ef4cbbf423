/**
 * One durable-bench run in its own process: `events` track() calls in turns of `turn` calls (the
 * event loop turns between them, as in a server), then waits until this process has delivered
 * every one (events$), timing and measuring CPU from the first call until the last delivery.
 * Started by durable.ts with a JSON config as argv[2]; sends one { type: 'result' } and exits.
 */
import { nowNs } from './proc.js';
import { WRITE_KEY, trackCall } from './workload.js';

export interface DurableWorkerConfig {
  variant: 'memory' | 'durable';
  events: number;
  turn: number;
  sinkUrl: string;
  redisUrl: string;
}

export interface DurableWorkerResult {
  type: 'result';
  startNs: number;
  /** When the last call returned. */
  callsEndNs: number;
  /** When events$ reported the last delivery. */
  deliveredNs: number;
  /** CPU (user + system, all threads) from the first call until the last delivery, µs. */
  cpuUs: number;
  peakRss: number;
  stats: Record<string, unknown>;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function run(config: DurableWorkerConfig): Promise<DurableWorkerResult> {
  const { SegmentClient } = await import('../lib/core/index.js');
  const durable = config.variant === 'durable' ? { url: config.redisUrl, queue: 'bench' } : undefined;
  const client = new SegmentClient({ writeKey: WRITE_KEY, host: config.sinkUrl, maxQueueSize: Math.max(config.events, 10_000), durable });
  // The engine loads and connects before the clock starts: a server does that at boot.
  while (durable !== undefined && (client.stats() as { durable?: { state: string } }).durable?.state !== 'storing') {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  let delivered = 0;
  let resolveDelivered!: () => void;
  const allDelivered = new Promise<void>((resolve) => (resolveDelivered = resolve));
  client.events$.subscribe((event) => {
    if (event.type === 'delivered' && (delivered += event.messageIds.length) >= config.events) resolveDelivered();
  });
  const cpuStart = process.cpuUsage();
  const startNs = nowNs();
  for (let i = 0; i < config.events; ) {
    const end = Math.min(config.events, i + config.turn);
    for (; i < end; i++) client.track(trackCall(i));
    await turn();
  }
  const callsEndNs = nowNs();
  await allDelivered;
  const deliveredNs = nowNs();
  const cpu = process.cpuUsage(cpuStart);
  const stats = client.stats() as unknown as Record<string, unknown>;
  await client.close({ timeoutMs: 10_000 });
  return { type: 'result', startNs, callsEndNs, deliveredNs, cpuUs: cpu.user + cpu.system, peakRss: process.resourceUsage().maxRSS * 1024, stats };
}

const config = JSON.parse(process.argv[2] ?? '{}') as DurableWorkerConfig;
run(config).then(
  (result) => process.send!(result, () => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    process.send!({ type: 'error', error: String((error as Error)?.stack ?? error) }, () => process.exit(1));
  },
);
