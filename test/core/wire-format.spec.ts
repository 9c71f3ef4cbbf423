import { SegmentClient, type SegmentMessage } from '../../lib/index.js';
import { SegmentCollector } from '../../lib/testing/index.js';

describe('wire format (against the local collector)', () => {
  const collector = new SegmentCollector({ strict: true });
  let client: SegmentClient;

  beforeAll(() => collector.start());
  afterAll(() => collector.stop());
  beforeEach(() => {
    collector.clear();
    client = new SegmentClient({ writeKey: 'wire-key', host: collector.url, flushAt: 100, flushInterval: 60_000 });
  });
  afterEach(() => client.close());

  it('posts {batch, sentAt, writeKey} to /v1/batch with Basic auth of "writeKey:", JSON and our User-Agent', async () => {
    client.track({ userId: 'u1', event: 'Order Completed', properties: { total: 9.5 } });
    const result = await client.flush();

    expect(result).toEqual({ delivered: 1, failed: 0, dropped: 0, failures: [] });
    expect(collector.requests).toHaveLength(1);
    const [request] = collector.requests;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe('/v1/batch');
    expect(request!.headers.authorization).toBe('Basic ' + Buffer.from('wire-key:').toString('base64'));
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['user-agent']).toBe('nestjs-segment/0.1.0');
    expect(request!.headers['content-encoding']).toBeUndefined();
    const body = request!.body as { batch: unknown[]; sentAt: string; writeKey: string };
    expect(Object.keys(body)).toEqual(['batch', 'sentAt', 'writeKey']);
    expect(body.writeKey).toBe('wire-key');
    expect(body.sentAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(collector.violations).toEqual([]);
  });

  it('sends each of the six calls with the Spec field names', async () => {
    const at = '2024-05-01T14:00:00+02:00';
    const ids = [
      client.identify({ userId: 42, traits: { email: 'a@example.com' }, timestamp: at }),
      client.track({ anonymousId: 'anon-1', event: 'Viewed', properties: { n: 1 }, integrations: { All: false, Mixpanel: true } }),
      client.page({ userId: 'u1', name: 'Pricing', category: 'Docs', properties: { path: '/pricing' } }),
      client.screen({ userId: 'u1', name: 'Home', category: 'App', properties: { tab: 1 } }),
      client.group({ userId: 'u1', groupId: 7, traits: { plan: 'pro' } }),
      client.alias({ previousId: 'anon-1', userId: 'u1', messageId: 'alias-1' }),
    ];
    await client.flush();

    const messages = collector.messages as readonly SegmentMessage[];
    expect(messages.map((message) => message.messageId)).toEqual(ids);
    const library = { name: 'nestjs-segment', version: '0.1.0' };
    const common = { context: { library }, timestamp: expect.stringMatching(/Z$/) };
    expect(messages).toEqual([
      { ...common, type: 'identify', messageId: ids[0], userId: '42', traits: { email: 'a@example.com' }, timestamp: '2024-05-01T12:00:00.000Z' },
      { ...common, type: 'track', messageId: ids[1], anonymousId: 'anon-1', event: 'Viewed', properties: { n: 1 }, integrations: { All: false, Mixpanel: true } },
      { ...common, type: 'page', messageId: ids[2], userId: 'u1', name: 'Pricing', category: 'Docs', properties: { path: '/pricing' } },
      { ...common, type: 'screen', messageId: ids[3], userId: 'u1', name: 'Home', category: 'App', properties: { tab: 1 } },
      { ...common, type: 'group', messageId: ids[4], userId: 'u1', groupId: '7', traits: { plan: 'pro' } },
      { ...common, type: 'alias', messageId: 'alias-1', previousId: 'anon-1', userId: 'u1' },
    ]);
    expect(collector.violations).toEqual([]);
  });

  it('merges the caller context with context.library, which the caller cannot overwrite', async () => {
    client.track({ userId: 'u', event: 'E', context: { ip: '203.0.113.9', library: { name: 'spoof' }, page: { path: '/x' } } });
    await client.flush();
    expect(collector.messages[0]!.context).toEqual({
      ip: '203.0.113.9',
      page: { path: '/x' },
      library: { name: 'nestjs-segment', version: '0.1.0' },
    });
  });

  it('keeps the instant of a caller timestamp exactly and writes it as UTC with milliseconds', async () => {
    client.track({ userId: 'u', event: 'A', timestamp: '2019-12-31T23:59:59.123-05:30' });
    client.track({ userId: 'u', event: 'B', timestamp: new Date(Date.UTC(2020, 0, 1, 5, 29, 59, 123)) });
    client.track({ userId: 'u', event: 'C', timestamp: '2020-01-01T05:29:59.123Z' });
    await client.flush();
    expect(collector.messages.map((message) => message.timestamp)).toEqual([
      '2020-01-01T05:29:59.123Z',
      '2020-01-01T05:29:59.123Z',
      '2020-01-01T05:29:59.123Z',
    ]);
  });

  it('treats values JSON cannot carry as documented: Date to ISO, BigInt to string, undefined omitted, NaN to null', async () => {
    client.track({
      userId: 'u',
      event: 'E',
      properties: { at: new Date('2024-01-02T03:04:05.678Z'), big: 12345678901234567890n, gone: undefined, nan: Number.NaN, list: [1, undefined] },
    });
    await client.flush();
    expect(collector.messages[0]!.properties).toEqual({ at: '2024-01-02T03:04:05.678Z', big: '12345678901234567890', nan: null, list: [1, null] });
  });

  it('posts to a custom path on the host', async () => {
    const custom = new SegmentClient({ writeKey: 'wire-key', host: collector.url + '/', path: '/v1/batch?source=test' });
    custom.track({ userId: 'u', event: 'E' });
    await custom.close();
    expect(collector.requests.map((request) => request.path)).toEqual(['/v1/batch?source=test']);
  });
});
