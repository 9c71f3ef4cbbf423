import { gunzipSync } from 'node:zlib';
import { SegmentClient, type SegmentClientOptions, type SegmentEvent } from '../../lib/index.js';
import { SegmentCollector } from '../../lib/testing/index.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { closeAfterEach } from '../support/close-after-each.js';

const WRITE_KEY = 'wk_live_9fQ2xZ7secret';
const BASIC = Buffer.from(WRITE_KEY + ':').toString('base64');
const BASE64_KEY = Buffer.from(WRITE_KEY).toString('base64');

describe('gzip, disable and secrets', () => {
  const collector = new SegmentCollector();
  const keep = closeAfterEach({ timeoutMs: 0 });
  const client = (options: Partial<SegmentClientOptions> = {}) => {
    const created = new SegmentClient({ writeKey: WRITE_KEY, host: collector.url, flushAt: 100, flushInterval: 60_000, ...options });
    keep(created);
    return created;
  };

  beforeAll(() => collector.start());
  afterAll(() => collector.stop());
  beforeEach(() => collector.clear());

  it('gzips request bodies when asked, with Content-Encoding: gzip', async () => {
    const segment = client({ gzip: true });
    for (let i = 0; i < 50; i++) segment.track({ userId: 'u', event: 'Compressed', properties: { i, note: 'repetitive text '.repeat(20) } });
    await segment.flush();

    const [request] = collector.requests;
    expect(request!.headers['content-encoding']).toBe('gzip');
    expect(request!.rawBody.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(JSON.parse(gunzipSync(request!.rawBody).toString()).batch).toHaveLength(50);
    expect(request!.rawBody.length).toBeLessThan(request!.decodedBody!.length / 5);
    expect(collector.messages).toHaveLength(50);
    expect(segment.stats().bytesSent).toBe(request!.rawBody.length);
  });

  it('disable: validates and returns ids, sends nothing, still throws on bad input', async () => {
    const segment = client({ disable: true, flushInterval: 0 });
    const id = segment.track({ userId: 'u', event: 'Quiet' });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => segment.track({ userId: 'u', event: '' })).toThrow(/non-empty/);
    expect(await segment.flush()).toEqual({ delivered: 0, failed: 0, dropped: 0, failures: [] });
    expect(await segment.close()).toMatchObject({ timedOut: false });
    expect(collector.requests).toHaveLength(0);
  });

  it('never lets the write key out: not in debug logs, errors, events, stats or flush results', async () => {
    const logger = new RecordingLogger();
    const events: SegmentEvent[] = [];
    const errors: unknown[] = [];
    const segment = client({ debug: true, logger, maxRetries: 1, minRetryDelay: 1, maxRetryDelay: 2, onError: (error) => errors.push(error) });
    segment.events$.subscribe((event) => events.push(event));

    // A misbehaving server that echoes the credentials back in its error bodies.
    collector.failNext({ times: 1, status: 503, body: `upstream saw Authorization: Basic ${BASIC}` });
    segment.track({ userId: 'u', event: 'Delivered after a retry' });
    const delivered = await segment.flush();
    collector.failNext({ times: 2, status: 500, body: `bad key ${WRITE_KEY} (${BASE64_KEY})` });
    segment.track({ userId: 'u', event: 'Exhausted' });
    const exhausted = await segment.flush();
    collector.failNext({ times: 1, status: 401, body: `{"message":"invalid write key ${WRITE_KEY}"}` });
    segment.track({ userId: 'u', event: 'Rejected' });
    const rejected = await segment.flush();

    expect(logger.at('debug').length).toBeGreaterThan(0);
    expect(errors).toHaveLength(2);
    const everything = [
      logger.text(),
      JSON.stringify(events),
      JSON.stringify(errors.map((error) => ({ ...(error as object), message: (error as Error).message, stack: (error as Error).stack }))),
      JSON.stringify(segment.stats()),
      JSON.stringify([delivered, exhausted, rejected]),
    ].join('\n');
    expect(everything).toContain('[redacted]');
    expect(everything).not.toContain(WRITE_KEY);
    expect(everything).not.toContain(BASIC);
    expect(everything).not.toContain(BASE64_KEY);
  });

  it('redacts an echoed key before cutting a long error answer, so no piece of it shows', async () => {
    collector.failNext({ status: 400, body: 'x'.repeat(1_995) + WRITE_KEY });
    const segment = client({ logger: new RecordingLogger() });
    segment.track({ userId: 'u', event: 'E' });
    const { failures } = await segment.flush();
    expect(failures[0]!.error).toContain('xxxxx');
    expect(failures[0]!.error).not.toContain(WRITE_KEY.slice(0, 5));
  });
});
