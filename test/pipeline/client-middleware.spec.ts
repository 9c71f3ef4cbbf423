import {
  SegmentClient,
  SegmentMiddlewareError,
  sample,
  scrub,
  type SegmentClientOptions,
  type SegmentError,
  type SegmentEvent,
  type SegmentMiddleware,
} from '../../lib/index.js';
import { SegmentCollector } from '../../lib/testing/index.js';
import { closeAfterEach } from '../support/close-after-each.js';
import { RecordingLogger } from '../support/recording-logger.js';

describe('a client with middleware, against the collector', () => {
  const collector = new SegmentCollector();
  const track = closeAfterEach();
  let logger: RecordingLogger;
  let events: SegmentEvent[];
  let errors: SegmentError[];

  beforeAll(() => collector.start());
  afterAll(() => collector.stop());
  beforeEach(() => {
    collector.clear();
    logger = new RecordingLogger();
    events = [];
    errors = [];
  });

  function client(middleware: SegmentMiddleware[], options: Partial<SegmentClientOptions> = {}): SegmentClient {
    const created = track(new SegmentClient({ writeKey: 'mw-key', host: collector.url, flushInterval: 5, logger, middleware, onError: (error) => errors.push(error), ...options }));
    created.events$.subscribe((event) => events.push(event));
    return created;
  }

  it('sends what the middleware returns: scrub() removes the keys on the wire, at any depth', async () => {
    const segment = client([scrub({ keys: ['email', 'phone'] })]);
    const properties = { orderId: 'o1', buyer: { email: 'ada@example.com', name: 'Ada' }, contacts: [{ phone: '+44 20' }] };
    segment.track({ userId: 'u1', event: 'Order Completed', properties, context: { traits: { email: 'ada@example.com' } } });
    segment.identify({ userId: 'u1', traits: { email: 'ada@example.com', plan: 'pro' } });
    await segment.flush();

    expect(collector.messages.map(({ type, properties, traits, context }) => ({ type, properties, traits, contextTraits: (context as { traits?: unknown }).traits }))).toEqual([
      { type: 'track', properties: { orderId: 'o1', buyer: { name: 'Ada' }, contacts: [{}] }, traits: undefined, contextTraits: {} },
      { type: 'identify', properties: undefined, traits: { plan: 'pro' }, contextTraits: undefined },
    ]);
    expect(properties.buyer.email).toBe('ada@example.com');
    expect(JSON.stringify(collector.requests.map((request) => request.body))).not.toContain('ada@example.com');
  });

  it('a middleware returning null drops that message: counted and reported as filtered, not logged, the call returns its messageId', async () => {
    const segment = client([sample({ events: { 'Page Viewed': 0 } })]);
    const dropped = segment.track({ userId: 'u1', event: 'Page Viewed' });
    segment.track({ userId: 'u1', event: 'Order Completed' });
    const result = await segment.flush();

    expect(typeof dropped).toBe('string');
    expect(result).toMatchObject({ delivered: 1, dropped: 1, failures: [expect.objectContaining({ reason: 'filtered', message: expect.objectContaining({ messageId: dropped }) })] });
    expect(collector.messages.map((message) => message.event)).toEqual(['Order Completed']);
    expect(events.filter((event) => event.type === 'dropped')).toEqual([expect.objectContaining({ reason: 'filtered' })]);
    expect(segment.stats().dropped).toBe(1);
    expect(logger.at('warn').concat(logger.at('error'))).toEqual([]);
  });

  it('sample() keeps the configured share of an event and every other event', async () => {
    let draw = 0;
    const draws = [0.05, 0.5, 0.09, 0.95];
    const segment = client([sample({ events: { 'Page Viewed': 0.1 }, random: () => draws[draw++ % draws.length]! })]);
    for (let i = 0; i < 4; i++) segment.track({ userId: 'u1', event: 'Page Viewed', properties: { i } });
    segment.track({ userId: 'u1', event: 'Signed Up' });
    await segment.flush();
    expect(collector.messages.map((message) => [message.event, message.properties?.i])).toEqual([
      ['Page Viewed', 0],
      ['Page Viewed', 2],
      ['Signed Up', undefined],
    ]);
  });

  it('a middleware that throws drops that message as middleware_error; the caller is not thrown at and the others go on', async () => {
    const failing: SegmentMiddleware = function enrich(message) {
      if (message.event === 'Broken') throw new TypeError('cannot enrich');
      return message;
    };
    const segment = client([failing]);
    let id: string | undefined;
    expect(() => (id = segment.track({ userId: 'u1', event: 'Broken' }))).not.toThrow();
    segment.track({ userId: 'u1', event: 'Fine' });
    const result = await segment.flush();

    expect(result).toMatchObject({ delivered: 1, dropped: 1, failures: [expect.objectContaining({ reason: 'middleware_error', message: expect.objectContaining({ messageId: id }) })] });
    expect(collector.messages.map((message) => message.event)).toEqual(['Fine']);
    expect(errors).toEqual([expect.any(SegmentMiddlewareError)]);
    expect((errors[0] as SegmentMiddlewareError).cause).toBeInstanceOf(TypeError);
    expect(logger.at('error')).toEqual(['middleware #0 (enrich) threw TypeError: cannot enrich; the message was dropped.']);
  });

  it('runs middleware, then the plan, then the size check: a scrubbed message is validated and sized as scrubbed', async () => {
    const plan = { rules: [{ key: 'Order Completed', type: 'TRACK', jsonSchema: { properties: { properties: { additionalProperties: false, properties: { orderId: { type: 'string' } } } } } }] };
    const segment = client([scrub({ keys: ['blob'] })], { trackingPlan: { plan, onViolation: 'drop' } });
    // 40 KB, and a key the plan forbids: both gone once scrubbed, so the message passes and fits.
    segment.track({ userId: 'u1', event: 'Order Completed', properties: { orderId: 'o1', blob: 'x'.repeat(40_000) } });
    const grow: SegmentMiddleware = (message) => ({ ...message, properties: { ...message.properties, padding: 'y'.repeat(40_000) } });
    const growing = client([grow]);
    expect(() => growing.track({ userId: 'u1', event: 'Order Completed' })).not.toThrow();

    const [scrubbed, grown] = await Promise.all([segment.flush(), growing.flush()]);
    expect(scrubbed).toMatchObject({ delivered: 1, dropped: 0 });
    expect(grown).toMatchObject({ delivered: 0, dropped: 1, failures: [expect.objectContaining({ reason: 'too_large' })] });
    expect(collector.messages.map((message) => message.properties)).toEqual([{ orderId: 'o1' }]);
  });

  it('refuses middleware that is not a list of functions, naming the option', () => {
    expect(() => new SegmentClient({ writeKey: 'k', middleware: [scrub({ keys: ['a'] }), 'x' as never] })).toThrow(/^middleware must be an array of functions/);
  });

  it('without middleware and plan the plain path is taken: the message is the one the plain client writes', async () => {
    const plain = client([]);
    const piped = client([(message) => message]);
    const fields = { userId: 'u1', event: 'Same', timestamp: '2026-12-02T00:00:00.000Z', properties: { a: [1, { b: null }], when: new Date('2026-01-01T00:00:00Z') }, context: { ip: '203.0.113.1' } };
    plain.track({ ...fields, messageId: 'plain-id' });
    await plain.flush();
    piped.track({ ...fields, messageId: 'piped-id' });
    await piped.flush();
    const [first, second] = collector.requests.map((request) => JSON.stringify((request.body as { batch: unknown[] }).batch[0]));
    expect(second).toBe(first!.replace('plain-id', 'piped-id'));
  });
});
