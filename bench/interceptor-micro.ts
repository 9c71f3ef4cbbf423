/**
 * What SegmentContextInterceptor adds to a handler call, in one process: Nest's own interceptor
 * pipeline (the real InterceptorsConsumer, what any interceptor puts a route through) plus the
 * interceptor's work (the store it joins or opens), with the handler reading the request's
 * context once (SegmentService.currentContext(), what the first message of a request does).
 * Each case without an interceptor, with a no-op one (Nest's pipeline alone) and with
 * SegmentContextInterceptor. CPU time, median of rounds: on a
 * shared machine a whole HTTP request (bench/interceptor-cost.ts) varies more than this adds.
 *
 *   tsc -p bench/tsconfig.json && node .tmp/bench/bench/interceptor-micro.js [--calls 100000] [--rounds 7]
 */
import 'reflect-metadata';
import type { NestInterceptor } from '@nestjs/common';
import { InterceptorsConsumer } from '@nestjs/core/interceptors/interceptors-consumer.js';
import { isObservable, lastValueFrom } from 'rxjs';
import { SegmentClient, SegmentContextInterceptor, SegmentService, type SegmentHttpRequest } from '../lib/index.js';
import { RequestContextStore, runInRequestStore } from '../lib/nest/request-context/request-context.store.js';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index < 0 ? fallback : Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive whole number`);
  return value;
}

/** An Express-like request, as the hooks and the interceptor see it. */
function request(): SegmentHttpRequest {
  return {
    headers: { 'user-agent': 'Mozilla/5.0 (bench)', 'accept-language': 'fr-CH, fr;q=0.9', host: 'shop.example', referer: 'https://shop.example/cart' },
    ip: '203.0.113.7',
    method: 'GET',
    url: '/orders/42?ref=bench',
    protocol: 'https',
    route: { path: '/orders/:id' },
  };
}

class OrdersController {
  get(): void {}
}

const info = { fieldName: 'order', parentType: { name: 'Query' }, path: { prev: undefined, key: 'first' }, operation: { operation: 'query', name: { value: 'OrderPage' } } };
const tcp = { getPattern: () => '{"cmd":"sum"}', constructor: { name: 'TcpContext' } };

async function main(): Promise<void> {
  const calls = option('calls', 100_000);
  const rounds = option('rounds', 7);
  const segment = new SegmentService(new SegmentClient({ writeKey: 'bench-write-key', host: 'http://127.0.0.1:9' }), { logger: { log() {}, warn() {}, error() {}, debug() {} } });
  const interceptor = new SegmentContextInterceptor();
  /** What any interceptor costs: Nest's pipeline around a handler that does nothing else. */
  const noop: NestInterceptor = { intercept: (_context, next) => next.handle() };
  const consumer = new InterceptorsConsumer();
  const controller = new OrdersController();
  const handler = async (): Promise<unknown> => segment.currentContext();

  /** What Nest's router does with a handler call: through the interceptors, then the result awaited. */
  const call = async (interceptors: NestInterceptor[], type: string, args: unknown[]): Promise<unknown> => {
    const result: unknown = await consumer.intercept(interceptors, args, controller, OrdersController.prototype.get, handler, type as never);
    return isObservable(result) ? lastValueFrom(result) : result;
  };
  const inHooksStore = (req: SegmentHttpRequest, run: () => Promise<unknown>): Promise<unknown> => runInRequestStore(new RequestContextStore(req), run);

  /** CPU µs per call, each call with a fresh request (nothing cached across calls). */
  const measure = async (run: () => Promise<unknown>): Promise<number> => {
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const start = process.cpuUsage();
      for (let i = 0; i < calls; i++) await run();
      const { user, system } = process.cpuUsage(start);
      samples.push((user + system) / calls);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)]!;
  };

  const cases: [string, (interceptors: NestInterceptor[]) => Promise<unknown>][] = [
    ['HTTP, next to the adapter hooks (joins their store)', (interceptors) => { const req = request(); return inHooksStore(req, () => call(interceptors, 'http', [req])); }],
    ['HTTP, requestContext: false (opens the store)', (interceptors) => call(interceptors, 'http', [request()])],
    ['GraphQL resolver call over the hooks\' store', (interceptors) => { const req = request(); return inHooksStore(req, () => call(interceptors, 'graphql', [{}, {}, { req }, info])); }],
    ['RPC (TCP) handler', (interceptors) => call(interceptors, 'rpc', [[1, 2], tcp])],
  ];
  console.log(`Node ${process.version}: ${calls} calls x ${rounds} rounds, CPU µs per handler call (median round)`);
  console.log(`  ${''.padEnd(52)} ${'none'.padStart(7)} ${'no-op'.padStart(7)} ${'Segment'.padStart(7)}   Segment beside none`);
  for (const [label, run] of cases) {
    const [none, withNoop, withSegment] = [await measure(() => run([])), await measure(() => run([noop])), await measure(() => run([interceptor]))];
    const added = withSegment - none;
    console.log(`  ${label.padEnd(52)} ${none.toFixed(2).padStart(7)} ${withNoop.toFixed(2).padStart(7)} ${withSegment.toFixed(2).padStart(7)}   ${added >= 0 ? '+' : ''}${added.toFixed(2)}`);
  }
  await segment.close({ timeoutMs: 100 });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
