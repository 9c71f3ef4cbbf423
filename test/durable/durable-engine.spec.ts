import { Redis } from 'ioredis';
import { RedisServer } from '../support/redis-server.js';
import { redisAndCollectorPerTest } from './support/redis-and-collector.js';
import { EngineHarness, queuedMessage } from './support/engine-harness.js';

// The BullMQ engine against a real redis-server and the collector over HTTP, through a plain
// deliver function (the client's own delivery is wired in by the client specs).
describe('durable engine (BullMQ on a real Redis)', () => {
  const { redis, collector, queue } = redisAndCollectorPerTest('engine');
  const harnesses: EngineHarness[] = [];
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((harness) => harness.delivery.close()));
  });

  // A short visibility timeout lets the crash tests recover held jobs quickly.
  function harness(options: { maxBacklog?: number; url?: string; batchSize?: number; visibilityTimeout?: number } = {}): EngineHarness {
    const created = new EngineHarness(
      collector.url,
      { url: options.url ?? redis.url(), queue: queue(), maxBacklog: options.maxBacklog, visibilityTimeout: options.visibilityTimeout ?? 1_000 },
      { batchSize: options.batchSize },
    );
    harnesses.push(created);
    return created;
  }

  it('stores what one turn accepted in one write of many messages per job, then delivers each messageId and empties Redis', async () => {
    // The default visibility timeout: on a loaded machine a 1 s lock can lapse mid-delivery, and
    // BullMQ then hands the job back to the queue (a repeat finds no payload), which would leave
    // its key behind at close and make the assertion below about timing, not about the engine.
    const engine = harness({ batchSize: 50, visibilityTimeout: 30_000 });
    await engine.until(() => engine.delivery.stats().state === 'storing');
    const messages = Array.from({ length: 1_000 }, () => queuedMessage());
    for (const message of messages) engine.take(message);
    expect(engine.delivery.pending).toBe(1_000);
    expect(engine.delivery.firstSeq).toBe(messages[0]!.seq);
    await engine.until(() => engine.storedMessages.length === 1_000);
    expect(engine.storedMessages.map((message) => message.messageId)).toEqual(messages.map((message) => message.messageId));
    expect(engine.delivery.firstSeq).toBe(Infinity);

    const arrived = await collector.waitFor(1_000, { timeoutMs: 15_000 });
    expect(new Set(arrived.map((message) => message.messageId))).toEqual(new Set(messages.map((message) => message.messageId)));
    // 50 messages per job, each job one Segment request.
    expect(new Set(collector.requests.map((request) => request.messages.length))).toEqual(new Set([50]));
    // close() waits for the jobs being finished (and releases those being delivered).
    await engine.until(() => engine.settled === 1_000);
    await engine.delivery.close();
    const client = new Redis(redis.url());
    try {
      expect(await client.get(`bull:${queue()}:segment-backlog`)).toBe('0');
      const keys = await client.keys(`bull:${queue()}:*`);
      // No job and no stored messages are left behind.
      expect(keys.filter((key) => /:\d+$/.test(key) || key.includes(':segment-batch:'))).toEqual([]);
    } finally {
      client.disconnect();
    }
  });

  it('drops past maxBacklog (reported, never evicted) while Segment is down, and delivers what it kept', async () => {
    collector.failNext({ times: 1_000, status: 503 });
    const engine = harness({ maxBacklog: 300, batchSize: 100 });
    await engine.until(() => engine.delivery.stats().state === 'storing');
    const messages = Array.from({ length: 500 }, () => queuedMessage());
    for (const message of messages) engine.take(message);
    expect(engine.full.map((message) => message.messageId)).toEqual(messages.slice(300).map((message) => message.messageId));
    await engine.until(() => engine.storedMessages.length === 300);
    collector.clear();
    const arrived = await collector.waitFor(300, { timeoutMs: 15_000 });
    expect(new Set(arrived.map((message) => message.messageId))).toEqual(new Set(messages.slice(0, 300).map((message) => message.messageId)));
  });

  it('falls back when Redis is down at start, resumes when it returns, and never shows the password', async () => {
    await redis.stop();
    const password = 'pa:ss%2Fw0rd-secret';
    const secured = new RedisServer(['--requirepass', decodeURIComponent(password)]);
    await secured.start();
    const port = secured.port;
    await secured.stop();
    try {
      const engine = harness({ url: `redis://:${password}@127.0.0.1:${port}` });
      await engine.until(() => engine.reports.length > 0);
      expect(engine.reports[0]).toMatch(/^unavailable: .*ECONNREFUSED/);
      expect(engine.delivery.accepting).toBe(false);
      const early = queuedMessage('While Redis was down');
      engine.take(early);
      expect(engine.fellBack).toEqual([early]);

      await secured.start();
      await engine.until(() => engine.reports.includes('resumed'));
      const later = queuedMessage('After Redis returned');
      engine.take(later);
      await collector.waitFor((messages) => messages.some((message) => message.messageId === later.messageId), { timeoutMs: 15_000 });
      const everything = [...engine.reports, ...engine.lines].join('\n');
      expect(everything).not.toContain(password);
      expect(everything).not.toContain(decodeURIComponent(password));
    } finally {
      await Promise.all(harnesses.splice(0).map((harness) => harness.delivery.close()));
      await secured.dispose();
    }
  });

  it('falls back mid-stream when Redis goes away, then stores again once it is back', async () => {
    const engine = harness();
    await engine.until(() => engine.delivery.stats().state === 'storing');
    const before = queuedMessage('Before the outage');
    engine.take(before);
    await collector.waitFor(1, { timeoutMs: 15_000 });

    await redis.stop();
    await engine.until(() => engine.reports.some((report) => report.startsWith('unavailable')));
    const during = Array.from({ length: 50 }, () => queuedMessage('During the outage'));
    for (const message of during) engine.take(message);
    expect(engine.fellBack.map((message) => message.messageId)).toEqual(during.map((message) => message.messageId));
    expect(engine.delivery.stats()).toMatchObject({ state: 'unavailable', outages: 1 });

    await redis.start();
    await engine.until(() => engine.reports.includes('resumed'));
    const after = queuedMessage('After the outage');
    engine.take(after);
    await collector.waitFor((messages) => messages.some((message) => message.messageId === after.messageId), { timeoutMs: 15_000 });
  });
});
