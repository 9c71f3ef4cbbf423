import { SegmentCollector } from '../../../lib/testing/index.js';
import { RedisServer } from '../../support/redis-server.js';

/**
 * A real redis-server and a collector for a whole spec file, restarted Redis if a test stopped
 * it, and a fresh queue name per test (`queue()` changes in each beforeEach).
 */
export function redisAndCollectorPerTest(prefix: string): { redis: RedisServer; collector: SegmentCollector; queue(): string } {
  const redis = new RedisServer();
  const collector = new SegmentCollector();
  let count = 0;

  beforeAll(async () => {
    await Promise.all([redis.start(), collector.start()]);
  });
  afterAll(async () => {
    await Promise.all([redis.dispose(), collector.stop()]);
  });
  beforeEach(async () => {
    collector.clear();
    if (!redis.running) await redis.start();
    count++;
  });
  return { redis, collector, queue: () => `${prefix}-${count}` };
}
