/**
 * Proves README section "Durable delivery": its ```ts block verbatim, run against a real
 * redis-server (REDIS_URL) with Segment's host routed to a local collector.
 */
import { SegmentClient } from 'nestjs-segment';
import { SegmentCollector } from 'nestjs-segment/testing';
import { SEGMENT_US, routeSegmentHosts, type SegmentRoutes } from '../readme/support/segment-hosts.js';
import { RedisServer } from '../support/redis-server.js';

const WRITE_KEY = 'readme-durable-write-key';

describe('README: Durable delivery', () => {
  const savedEnv = { ...process.env };
  const redis = new RedisServer();
  const collector = new SegmentCollector({ writeKeys: [WRITE_KEY] });
  let routes: SegmentRoutes;

  beforeAll(async () => {
    await Promise.all([redis.start(), collector.start()]);
    routes = routeSegmentHosts({ [SEGMENT_US]: collector.url });
    Object.assign(process.env, { SEGMENT_WRITE_KEY: WRITE_KEY, REDIS_URL: redis.url() });
  });
  afterAll(async () => {
    routes.restore();
    process.env = { ...savedEnv };
    await Promise.all([redis.dispose(), collector.stop()]);
  });

  it('the example stores the message in Redis before persisted() resolves, then delivers it with its messageId', async () => {
    const example = async () => {
      const client = new SegmentClient({
        writeKey: process.env.SEGMENT_WRITE_KEY!,
        durable: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
      });
      const messageId = client.track({ userId: 'user-42', event: 'Order Completed', properties: { total: 59.9 } });
      await client.persisted(); // stored in Redis: this process dying can no longer lose it
      return { client, messageId };
    };
    const { client, messageId } = await example();
    try {
      expect(client.stats().durable).toMatchObject({ state: 'storing', persisted: 1, unstored: 0 });
      const [message] = await collector.waitFor(1, { timeoutMs: 15_000 });
      expect(message).toMatchObject({ messageId, event: 'Order Completed', userId: 'user-42', properties: { total: 59.9 } });
    } finally {
      await client.close({ timeoutMs: 5_000 });
    }
  });
});
