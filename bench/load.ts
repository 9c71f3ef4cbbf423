/**
 * The load generator, in a process of its own (on the helper CPU): autocannon against one URL,
 * a warm-up run that is thrown away, then the measured run. argv[2]: JSON LoadConfig.
 * IPC out: { type: 'warm' } after the warm-up; in: { type: 'go' } starts the measured run
 * (the runner reads the server's CPU clock in between); out: { type: 'result', ... }.
 */
import autocannon from 'autocannon';
import type { Message } from './proc.js';

export interface LoadConfig {
  url: string;
  connections: number;
  warmupSec: number;
  durationSec: number;
  headers: Record<string, string>;
  /** Requests per second over all connections (0: as fast as the server answers). */
  rate: number;
}

export interface LoadResult {
  type: 'result';
  requestsPerSec: number;
  latencyP99Ms: number;
  latencyP50Ms: number;
  requests: number;
  ok: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** 2xx answers in warm-up and measured run together: one track() each in variant c. */
  totalOk: number;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as LoadConfig;
  const base = { url: config.url, connections: config.connections, pipelining: 1, headers: config.headers, timeout: 10, ...(config.rate > 0 ? { overallRate: config.rate } : {}) };
  let warmupOk = 0;
  if (config.warmupSec > 0) warmupOk = (await autocannon({ ...base, duration: config.warmupSec }))['2xx'];
  const go = new Promise<void>((resolve) => process.on('message', (message: Message) => message.type === 'go' && resolve()));
  process.send!({ type: 'warm' });
  await go;
  const result = await autocannon({ ...base, duration: config.durationSec });
  const message: LoadResult = {
    type: 'result',
    requestsPerSec: result.requests.total / result.duration,
    latencyP99Ms: result.latency.p99,
    latencyP50Ms: result.latency.p50,
    requests: result.requests.total,
    ok: result['2xx'],
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    totalOk: warmupOk + result['2xx'],
  };
  process.send!(message, () => process.exit(0));
}

// The runner going away (or disconnecting) ends this process: it never outlives a bench.
process.on('disconnect', () => process.exit(0));

main().catch((error: unknown) => {
  console.error(error);
  process.send?.({ type: 'error', error: String((error as Error)?.stack ?? error) }, () => process.exit(1));
});
