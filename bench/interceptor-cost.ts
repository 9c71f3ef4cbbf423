/**
 * What SegmentContextInterceptor costs per request beside the adapter hooks: the server's own
 * CPU time per answered request (not throughput, which the load generator on the same machine
 * would blur), for each variant of bench/interceptor-app.ts on Express and Fastify. Variants
 * run in rotating order over several rounds; the median round is reported.
 *
 *   tsc -p bench/tsconfig.json && node .tmp/bench/bench/interceptor-cost.js [--rounds 5] [--seconds 5]
 */
import autocannon from 'autocannon';
import { Proc, cpuFor, type Message } from './proc.js';

export type InterceptorVariant = 'none' | 'hooks' | 'hooks+interceptor' | 'interceptor';

/** What bench/interceptor-app.ts serves with (argv[2], as JSON). */
export interface InterceptorAppConfig {
  adapter: 'express' | 'fastify';
  variant: InterceptorVariant;
}

const LABELS: Record<InterceptorVariant, string> = {
  none: 'no analytics',
  hooks: 'adapter hooks (default)',
  'hooks+interceptor': 'adapter hooks + SegmentContextInterceptor (joins)',
  interceptor: 'SegmentContextInterceptor alone (requestContext: false)',
};

const VARIANTS: InterceptorVariant[] = ['none', 'hooks', 'hooks+interceptor', 'interceptor'];
const ADAPTERS: InterceptorAppConfig['adapter'][] = ['express', 'fastify'];
const HEADERS = { 'user-agent': 'Mozilla/5.0 (bench)', 'accept-language': 'fr-CH, fr;q=0.9', referer: 'https://shop.example/cart' };

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index < 0 ? fallback : Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

interface Round {
  cpuUsPerRequest: number;
  requestsPerSec: number;
}

async function measure(config: InterceptorAppConfig, seconds: number): Promise<Round> {
  const app = new Proc('interceptor-app', [JSON.stringify(config)], { cpu: cpuFor('measured', true) });
  try {
    const { port } = await app.next<Message & { port: number }>('ready', 30_000);
    const base = { url: `http://127.0.0.1:${port}/orders/42?ref=bench`, connections: 10, pipelining: 1, headers: HEADERS };
    await autocannon({ ...base, duration: 2 });
    app.send({ type: 'mark' });
    const before = await app.next<Message & { cpuUs: number }>('mark', 5_000);
    const result = await autocannon({ ...base, duration: seconds });
    app.send({ type: 'mark' });
    const after = await app.next<Message & { cpuUs: number }>('mark', 5_000);
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${config.adapter} ${config.variant}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return { cpuUsPerRequest: (after.cpuUs - before.cpuUs) / result.requests.total, requestsPerSec: result.requests.total / result.duration };
  } finally {
    await app.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const rounds = option('rounds', 5);
  const seconds = option('seconds', 5);
  console.log(`Node ${process.version}, ${rounds} rounds of ${seconds} s per variant, 10 connections, server CPU time per request (median round)`);
  for (const adapter of ADAPTERS) {
    const results = new Map<InterceptorVariant, Round[]>(VARIANTS.map((variant) => [variant, []]));
    for (let round = 0; round < rounds; round++) {
      // Rotate the order, so no variant always runs first on a cold machine.
      for (let i = 0; i < VARIANTS.length; i++) {
        const variant = VARIANTS[(i + round) % VARIANTS.length]!;
        results.get(variant)!.push(await measure({ adapter, variant }, seconds));
      }
    }
    const hooks = median(results.get('hooks')!.map((r) => r.cpuUsPerRequest));
    console.log(`\n${adapter}`);
    for (const variant of VARIANTS) {
      const cpu = median(results.get(variant)!.map((r) => r.cpuUsPerRequest));
      const rps = median(results.get(variant)!.map((r) => r.requestsPerSec));
      const delta = variant === 'none' || variant === 'hooks' ? '' : `  (${cpu - hooks >= 0 ? '+' : ''}${(cpu - hooks).toFixed(1)} µs beside the hooks)`;
      console.log(`  ${LABELS[variant].padEnd(58)} ${cpu.toFixed(1).padStart(6)} µs CPU/request  ${Math.round(rps).toString().padStart(6)} req/s${delta}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
