import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { SegmentClient } from '../../lib/index.js';
import { keyFingerprint } from '../../lib/durable/stored-batch.js';
import { batchBody, trackJson } from '../support/expected-wire.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { redisAndCollectorPerTest } from './support/redis-and-collector.js';

const WRITE_KEY = 'durable-format-key';
const TIMESTAMP = '2026-01-02T03:04:05.006Z';
// Two-, three- and four-byte UTF-8, and a line separator JSON leaves raw.
const NOTE = 'naïve café 😀 \u2028';
const IDS = ['stored-0', 'stored-1', 'stored-2'];

const call = (n: number) => ({ userId: `u-é-${n}`, event: 'Commande passée', properties: { note: NOTE, n }, messageId: IDS[n]!, timestamp: TIMESTAMP });

const LINES = IDS.map((_, n) => trackJson(call(n)));

/** The request body those messages make, with the sentAt the body itself carries. */
const expectedBody = (body: Buffer): Buffer => batchBody(LINES, body, WRITE_KEY);

// What Redis holds is the stored-batch format every version reads: a job pointing at the
// messages' JSON as UTF-8 text, one per line. Processes of different versions may share a queue.
describe('durable delivery: the stored format', () => {
  const { redis, collector, queue } = redisAndCollectorPerTest('format');
  const clients: SegmentClient[] = [];
  const connections: Redis[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close({ timeoutMs: 2_000 })));
    for (const connection of connections.splice(0)) connection.disconnect();
  });

  function durableClient(): SegmentClient {
    const client = new SegmentClient({
      writeKey: WRITE_KEY,
      host: collector.url,
      flushInterval: 20,
      // Retries slow enough that the stored batch is still in Redis when the test reads it.
      minRetryDelay: 200,
      maxRetryDelay: 400,
      logger: new RecordingLogger(),
      durable: { url: redis.url(), queue: queue(), visibilityTimeout: 30_000 },
    });
    clients.push(client);
    return client;
  }

  function connect(): Redis {
    const connection = new Redis(redis.url());
    connections.push(connection);
    return connection;
  }

  /** The one request that delivered the messages. */
  async function delivery(): Promise<Buffer> {
    await collector.waitFor(IDS.length, { timeoutMs: 15_000 });
    const delivered = collector.requests.filter((request) => request.status === 200);
    expect(delivered).toHaveLength(1);
    return delivered[0]!.rawBody;
  }

  it("stores the messages' JSON as text, one per line, and sends those bytes", async () => {
    collector.failNext({ times: 10_000, status: 503 });
    const client = durableClient();
    IDS.forEach((_, n) => client.track(call(n)));
    await client.persisted();

    const reader = connect();
    const keys = await reader.keys(`bull:${queue()}:segment-batch:*`);
    expect(keys).toHaveLength(1);
    expect(await reader.getBuffer(keys[0]!)).toEqual(Buffer.from(LINES.join('\n')));
    expect(await reader.get(keys[0]!)).toBe(LINES.join('\n'));

    collector.clear();
    const body = await delivery();
    expect(body).toEqual(expectedBody(body));
  });

  it('delivers a batch stored as text, as earlier versions wrote it, byte for byte', async () => {
    const writer = connect();
    const payload = `bull:${queue()}:segment-batch:written-as-text`;
    await writer.multi().set(payload, LINES.join('\n')).incrby(`bull:${queue()}:segment-backlog`, IDS.length).exec();
    const jobs = new Queue(queue(), { connection: writer });
    await jobs.add(
      'segment-batch',
      { v: 1, key: keyFingerprint(WRITE_KEY), payload, ids: IDS, types: IDS.map(() => 'track') },
      { removeOnComplete: true, removeOnFail: true },
    );
    await jobs.close();

    durableClient();
    const body = await delivery();
    expect(body).toEqual(expectedBody(body));
    expect(collector.messages.map((message) => message.messageId)).toEqual(IDS);
  });
});
