import { firstValueFrom, filter, type Observable } from 'rxjs';
import { SegmentClient, type SegmentEvent } from '../../lib/index.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { redisAndCollectorPerTest } from './support/redis-and-collector.js';

const WRITE_KEY = 'durable-client-key';

/** The next event of events$ that `matches`, subscribed before `act` runs. */
async function eventAfter(events$: Observable<SegmentEvent>, matches: (event: SegmentEvent) => boolean, act: () => unknown = () => undefined): Promise<SegmentEvent> {
  const next = firstValueFrom(events$.pipe(filter(matches)));
  await act();
  return next;
}

const isDurable = (reason: string) => (event: SegmentEvent) => event.type === 'durable' && event.reason === reason;

// The SegmentClient with `durable`, in this process, against a real redis-server and the collector.
describe('SegmentClient with durable delivery', () => {
  const { redis, collector, queue } = redisAndCollectorPerTest('client');
  const clients: SegmentClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close({ timeoutMs: 2_000 })));
  });

  // A short visibility timeout lets held jobs come back quickly after Redis returns; a test that
  // counts duplicates uses the default, as a 1 s lock can lapse mid-delivery on a loaded machine.
  function durableClient(options: { url?: string; maxBacklog?: number; maxQueueSize?: number; logger?: RecordingLogger; visibilityTimeout?: number } = {}): SegmentClient {
    const client = new SegmentClient({
      writeKey: WRITE_KEY,
      host: collector.url,
      flushInterval: 20,
      minRetryDelay: 10,
      maxRetryDelay: 50,
      maxQueueSize: options.maxQueueSize,
      logger: options.logger ?? new RecordingLogger(),
      durable: { url: options.url ?? redis.url(), queue: queue(), maxBacklog: options.maxBacklog, visibilityTimeout: options.visibilityTimeout ?? 1_000 },
    });
    clients.push(client);
    return client;
  }

  const track = (client: SegmentClient, count: number, event = 'Durable Order'): string[] =>
    Array.from({ length: count }, (_, n) => client.track({ userId: 'u-1', event, properties: { n } }));

  it('persisted() resolves once what was accepted is in Redis; any process then delivers it with the same messageIds', async () => {
    const client = durableClient({ visibilityTimeout: 30_000 });
    const ids = track(client, 500);
    await client.persisted();
    expect(client.stats().durable).toMatchObject({ unstored: 0, persisted: 500 });
    const flushed = await client.flush();
    expect(flushed).toMatchObject({ delivered: 0, failed: 0, dropped: 0, persisted: 500 });
    const arrived = await collector.waitFor(500, { timeoutMs: 15_000 });
    expect(arrived.map((message) => message.messageId).sort()).toEqual([...ids].sort());
    expect(collector.duplicates).toBe(0);
  });

  it('maxBacklog: past it new messages are dropped and reported as queue_full, never evicted', async () => {
    collector.failNext({ times: 10_000, status: 503 });
    const client = durableClient({ maxBacklog: 200 });
    const dropped = eventAfter(client.events$, (event) => event.type === 'dropped');
    const ids = track(client, 250);
    const event = await dropped;
    expect(event).toMatchObject({ type: 'dropped', reason: 'queue_full' });
    await client.persisted();
    expect(client.stats()).toMatchObject({ dropped: 50, durable: { persisted: 200 } });
    collector.clear();
    const arrived = await collector.waitFor(200, { timeoutMs: 15_000 });
    expect(new Set(arrived.map((message) => message.messageId))).toEqual(new Set(ids.slice(0, 200)));
  });

  it('Redis down at start: durable_unavailable on events$, stats and the logger; nothing thrown; every message delivered from memory; no password shown', async () => {
    const password = 'redis-pass-never-shown';
    await redis.stop();
    const logger = new RecordingLogger();
    const client = durableClient({ url: `redis://:${password}@127.0.0.1:${redis.port}`, logger });
    const reported = await eventAfter(client.events$, isDurable('durable_unavailable'), () => track(client, 20, 'Before the outage was known'));
    const ids = track(client, 30, 'While Redis is down');
    expect(client.stats().durable).toMatchObject({ state: 'unavailable', outages: 1 });
    expect(logger.at('warn').join('\n')).toMatch(/durable_unavailable/);
    await collector.waitFor(50, { timeoutMs: 15_000 });
    expect(collector.messages.map((message) => message.messageId)).toEqual(expect.arrayContaining(ids));
    const shown = `${JSON.stringify(reported)}\n${logger.text()}\n${JSON.stringify(client.stats())}`;
    expect(shown).not.toContain(password);
    expect(shown).toContain(`redis://***@127.0.0.1:${redis.port}`);
  });

  it('Redis stops mid-stream: fallback reported, nothing thrown, nothing lost that memory could hold; resumes when Redis returns', async () => {
    const client = durableClient({ maxQueueSize: 1_000 });
    track(client, 100, 'Before');
    await client.persisted();
    await collector.waitFor(100, { timeoutMs: 15_000 });

    await eventAfter(client.events$, isDurable('durable_unavailable'), () => redis.stop());
    const held = track(client, 1_000, 'In memory');
    const over = eventAfter(client.events$, (event) => event.type === 'dropped');
    expect(() => track(client, 10, 'Over maxQueueSize')).not.toThrow();
    expect(await over).toMatchObject({ reason: 'queue_full' });
    await collector.waitFor((messages) => held.every((id) => messages.some((message) => message.messageId === id)), { timeoutMs: 15_000 });

    await eventAfter(client.events$, isDurable('durable_resumed'), () => redis.start());
    const after = track(client, 100, 'After');
    await client.persisted();
    expect(client.stats().durable).toMatchObject({ state: 'storing' });
    await collector.waitFor((messages) => after.every((id) => messages.some((message) => message.messageId === id)), { timeoutMs: 15_000 });
  });
});
