/**
 * What SegmentContextInterceptor costs per request, measured as an A/B inside one server
 * process (bench/interceptor-app.ts): the same handler with and without the interceptor, in
 * alternating windows at a fixed request rate, so that whatever else the machine does weighs on
 * both alike. The figure is the server's CPU time per request (not throughput, which the load
 * generator on the same machine would blur); the delta is taken per pair of windows, and the
 * median pair reported with the range.
 *
 *   tsc -p bench/tsconfig.json && node .tmp/bench/bench/interceptor-cost.js [--pairs 15] [--seconds 2] [--rate 500]
 */
import autocannon from 'autocannon';
import { Proc, cpuFor, type Message } from './proc.js';

/** `hooks`: the adapter hooks open the context, the interceptor joins; `alone`: requestContext false. */
export type InterceptorMode = 'hooks' | 'alone';

/** What bench/interceptor-app.ts serves with (argv[2], as JSON). */
export interface InterceptorAppConfig {
  adapter: 'express' | 'fastify';
  mode: InterceptorMode;
}

const LABELS: Record<InterceptorMode, [plain: string, intercepted: string]> = {
  hooks: ['adapter hooks (default)', 'adapter hooks + SegmentContextInterceptor (joins)'],
  alone: ['no request context (requestContext: false)', 'SegmentContextInterceptor alone (opens it)'],
};
const HEADERS = { 'user-agent': 'Mozilla/5.0 (bench)', 'accept-language': 'fr-CH, fr;q=0.9', referer: 'https://shop.example/cart' };

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index < 0 ? fallback : Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const us = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;

async function compare(config: InterceptorAppConfig, pairs: number, seconds: number, rate: number): Promise<void> {
  const app = new Proc('interceptor-app', [JSON.stringify(config)], { cpu: cpuFor('measured', true) });
  try {
    const { port } = await app.next<Message & { port: number }>('ready', 60_000);
    const url = (route: string): string => `http://127.0.0.1:${port}/${route}/42?ref=bench`;
    // A fixed rate below what the server can answer: both routes serve the same load, so the
    // CPU time per request is their own work, not how saturation batches it.
    const load = async (route: string, duration: number): Promise<number> => {
      const result = await autocannon({ url: url(route), connections: 10, pipelining: 1, headers: HEADERS, overallRate: rate, duration });
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${config.adapter} ${route}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      return result.requests.total;
    };
    const cpuPerRequest = async (route: string): Promise<number> => {
      app.send({ type: 'mark' });
      const before = await app.next<Message & { cpuUs: number }>('mark', 5_000);
      const requests = await load(route, seconds);
      app.send({ type: 'mark' });
      const after = await app.next<Message & { cpuUs: number }>('mark', 5_000);
      return (after.cpuUs - before.cpuUs) / requests;
    };
    await load('plain', 2);
    await load('intercepted', 2);
    const plain: number[] = [];
    const intercepted: number[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      // Alternate which goes first, so neither always follows the other.
      if (pair % 2 === 0) {
        plain.push(await cpuPerRequest('plain'));
        intercepted.push(await cpuPerRequest('intercepted'));
      } else {
        intercepted.push(await cpuPerRequest('intercepted'));
        plain.push(await cpuPerRequest('plain'));
      }
    }
    const deltas = plain.map((value, index) => intercepted[index]! - value);
    const [plainLabel, interceptedLabel] = LABELS[config.mode];
    console.log(`  ${plainLabel.padEnd(52)} ${median(plain).toFixed(1).padStart(7)} µs CPU/request`);
    console.log(`  ${interceptedLabel.padEnd(52)} ${median(intercepted).toFixed(1).padStart(7)} µs CPU/request`);
    const sorted = [...deltas].sort((a, b) => a - b);
    console.log(`  ${'interceptor, per request (median pair; quartiles)'.padEnd(52)} ${us(median(deltas)).padStart(7)} µs  (${us(sorted[Math.floor(pairs / 4)]!)} .. ${us(sorted[Math.floor((3 * pairs) / 4)]!)})`);
  } finally {
    await app.stop();
  }
}

async function main(): Promise<void> {
  const pairs = option('pairs', 15);
  const seconds = option('seconds', 2);
  const rate = option('rate', 500);
  console.log(`Node ${process.version}: ${pairs} pairs of ${seconds} s windows at ${rate} requests/s over 10 connections, server CPU time per request`);
  for (const adapter of ['express', 'fastify'] as const) {
    for (const mode of ['hooks', 'alone'] as const) {
      console.log(`\n${adapter}, ${mode === 'hooks' ? 'next to the adapter hooks' : 'requestContext: false'}`);
      await compare({ adapter, mode }, pairs, seconds, rate);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
