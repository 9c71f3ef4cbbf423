/**
 * A cold start under paced load: 100,000 track() calls at a steady rate into a fresh client with
 * default options, the fake Segment in a process of its own answering at once. Counts what the
 * client dropped as `queue_full`. argv[2]: the library entry to measure (a built dist/index.js),
 * so that two builds can be compared in one run; argv[3..]: rates in events/s (default 20000 40000);
 * `--latency=MS` answers each request MS later instead (a server in this process that reads the
 * body and holds the answer, as Segment's round trip does), where the rate outruns what
 * flushAt-sized batches can carry.
 *
 *   tsc -p bench/tsconfig.json && node .tmp/bench/bench/cold-start.js "$PWD/dist/index.js" 20000 40000 --latency=50
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { Proc } from './proc.js';

const EVENTS = 100_000;

interface ClientLike {
  track(params: { userId: string; event: string; properties: Record<string, unknown> }): string;
  flush(): Promise<{ delivered: number; failed: number; dropped: number }>;
  close(options: { timeoutMs: number }): Promise<unknown>;
  stats(): { dropped: number; batches: number };
}

/** A sink that holds each answer `latencyMs`; returns its port and how to stop it. */
async function slowSink(latencyMs: number): Promise<{ port: number; stop(): Promise<void> }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => setTimeout(() => response.end('{}'), latencyMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function coldStart(library: string, rate: number, latencyMs: number): Promise<Record<string, number>> {
  const { SegmentClient } = (await import(pathToFileURL(library).href)) as { SegmentClient: new (options: object) => ClientLike };
  const sink = latencyMs > 0 ? await slowSink(latencyMs) : new Proc('sink', []);
  try {
    const port = sink instanceof Proc ? (await sink.next<{ type: 'ready'; port: number }>('ready', 10_000)).port : sink.port;
    const client = new SegmentClient({ writeKey: 'cold-start', host: `http://127.0.0.1:${port}`, logger: { log() {}, warn() {}, error() {} } });
    const started = performance.now();
    let sent = 0;
    // Paced like a server: each turn sends what is due by now, then yields to sockets and timers.
    while (sent < EVENTS) {
      const due = Math.min(EVENTS, Math.floor(((performance.now() - started) / 1000) * rate));
      for (; sent < due; sent++) client.track({ userId: `u${sent % 1000}`, event: 'Cold Start', properties: { index: sent, plan: 'pro', amount: 42.5 } });
      await new Promise((resolve) => setImmediate(resolve));
    }
    const result = await client.flush();
    const { batches } = client.stats();
    await client.close({ timeoutMs: 5_000 });
    return { rate, latencyMs, delivered: result.delivered, dropped: result.dropped, failed: result.failed, batches };
  } finally {
    await sink.stop();
  }
}

async function main(): Promise<void> {
  const [library, ...rest] = process.argv.slice(2);
  if (library === undefined) throw new Error('usage: cold-start.js <path of dist/index.js> [rates...] [--latency=MS]');
  const latencyMs = Number(rest.find((arg) => arg.startsWith('--latency='))?.slice('--latency='.length) ?? 0);
  const rateArgs = rest.filter((arg) => !arg.startsWith('--'));
  const rates = rateArgs.length > 0 ? rateArgs.map(Number) : [20_000, 40_000];
  for (const rate of rates) console.log(JSON.stringify(await coldStart(library, rate, latencyMs)));
}

await main();
