import { inspect } from 'node:util';
import { SegmentClient, SegmentConfigError, SegmentValidationError, type SegmentClientOptions } from '../../../lib/index.js';
import { SegmentCollector } from '../../../lib/testing/index.js';
import { closeAfterEach } from '../../support/close-after-each.js';
import { RecordingLogger } from '../../support/recording-logger.js';

const WRITE_KEY = 'wk_live_hostile_0123456789abcdef';

/** The caller's object threw, and the client said so as a typed error naming the field. */
function thrownBy(call: () => unknown): SegmentValidationError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(SegmentValidationError);
    return error as SegmentValidationError;
  }
  throw new Error('expected the call to throw a SegmentValidationError');
}

function nested(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let current = root;
  for (let level = 0; level < depth; level++) current = (current.a = {}) as Record<string, unknown>;
  return root;
}

describe('hostile input', () => {
  const collector = new SegmentCollector();
  const keep = closeAfterEach({ timeoutMs: 0 });
  let logger: RecordingLogger;
  const client = (options: Partial<SegmentClientOptions> = {}) =>
    keep(new SegmentClient({ writeKey: WRITE_KEY, host: collector.url, flushInterval: 60_000, logger, ...options }));

  beforeAll(() => collector.start());
  afterAll(() => collector.stop());
  beforeEach(() => {
    collector.clear();
    logger = new RecordingLogger();
  });

  describe('a value JSON cannot carry never reaches the wire', () => {
    const nothing = { toJSON: () => undefined };

    it.each(['integrations', 'traits', 'context'] as const)('identify({ %s: { toJSON() { return undefined } } }) leaves the field out, and its batch of 100 is delivered', async (field) => {
      const segment = client();
      const id = segment.identify({ userId: 'u1', [field]: nothing });
      for (let i = 0; i < 99; i++) segment.identify({ userId: `good-${i}` });
      expect(await segment.flush()).toEqual({ delivered: 100, failed: 0, dropped: 0, failures: [] });
      const sent = collector.messages.find((message) => message.messageId === id)!;
      expect(sent).toBeDefined();
      if (field === 'context') expect(sent.context).toEqual({ library: expect.objectContaining({ name: 'nestjs-segment' }) });
      else expect(field in sent).toBe(false);
    });

    it('track({ properties: { toJSON() { return Symbol() } } }) leaves properties out', async () => {
      const segment = client();
      const id = segment.track({ userId: 'u1', event: 'E', properties: { toJSON: () => Symbol('x') } });
      await segment.flush();
      expect('properties' in collector.messages.find((message) => message.messageId === id)!).toBe(false);
    });

    it('a toJSON that turns properties into something other than an object is a validation error naming the field', () => {
      const error = thrownBy(() => client().track({ userId: 'u1', event: 'E', properties: { toJSON: () => [1, 2] } }));
      expect(error.field).toBe('properties');
      expect(error.message).toMatch(/properties must serialize to a JSON object/);
    });

    it('a caller context with its own library, even one a getter makes, is replaced, not repeated', async () => {
      const segment = client();
      const id = segment.track({ userId: 'u1', event: 'E', context: { toJSON: () => ({ ip: '1.2.3.4', library: { name: 'other' } }) } });
      await segment.flush();
      const body = collector.requests[0]!.decodedBody!.toString('utf8');
      expect(body.match(/"library"/g)).toHaveLength(1);
      expect(collector.messages.find((message) => message.messageId === id)!.context).toMatchObject({ ip: '1.2.3.4', library: { name: 'nestjs-segment' } });
    });
  });

  describe('every failure caused by the caller\'s object is a SegmentValidationError with the path and the cause', () => {
    // Whether JSON.stringify can walk 10,000 levels is the engine's business (Node 26's can, and
    // the message is then over 32 KB); either way the call throws a typed error naming the field.
    const tooDeep = (error: SegmentValidationError, field: string) => {
      if (error.field === field) {
        expect(error.message).toMatch(/nested too deeply/);
        expect(error.cause).toBeInstanceOf(RangeError);
      } else {
        expect(error.field).toBe('message');
        expect(error.message).toMatch(/Segment accepts at most 32768 bytes/);
      }
    };

    it('properties nested 10,000 levels deep', () => {
      tooDeep(thrownBy(() => client().track({ userId: 'u1', event: 'E', properties: nested(10_000) })), 'properties');
    });

    it('context nested 10,000 levels deep', () => {
      tooDeep(thrownBy(() => client().track({ userId: 'u1', event: 'E', context: nested(10_000) })), 'context');
    });

    it('a throwing getter deep inside properties names its path', () => {
      const boom = new Error('getter failed');
      const properties = { order: { items: [{ sku: 'a' }, Object.defineProperty({}, 'price', { enumerable: true, get: () => { throw boom; } })] } };
      const error = thrownBy(() => client().track({ userId: 'u1', event: 'E', properties }));
      expect(error.field).toBe('properties.order.items[1].price');
      expect(error.cause).toBe(boom);
    });

    it('a throwing toJSON names its path', () => {
      const boom = new TypeError('no');
      const error = thrownBy(() => client().identify({ userId: 'u1', traits: { plan: { toJSON: () => { throw boom; } } } }));
      expect(error.field).toBe('traits.plan');
      expect(error.cause).toBe(boom);
    });

    it('a throwing getter on the params themselves', () => {
      const boom = new Error('userId getter');
      const params = Object.defineProperty({ event: 'E' }, 'userId', { enumerable: true, get: () => { throw boom; } });
      const error = thrownBy(() => client().track(params as never));
      expect(error.field).toBe('userId');
      expect(error.cause).toBe(boom);
    });

    it('a revoked Proxy as the params, as properties, and inside properties', () => {
      const revoked = () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      };
      expect(thrownBy(() => client().track(revoked() as never)).field).toBe('params');
      expect(thrownBy(() => client().track({ userId: 'u1', event: 'E', properties: revoked() })).field).toBe('properties');
      const inside = thrownBy(() => client().track({ userId: 'u1', event: 'E', properties: { a: revoked() } }));
      expect(inside.field).toBe('properties.a');
      expect(inside.cause).toBeInstanceOf(TypeError);
    });

    it('Proxy traps that throw: ownKeys, get, getPrototypeOf', () => {
      const boom = new Error('trap');
      const trap = (handler: ProxyHandler<Record<string, unknown>>) => new Proxy<Record<string, unknown>>({ x: 1 }, handler);
      const thrower = () => {
        throw boom;
      };
      expect(thrownBy(() => client().track({ userId: 'u1', event: 'E', properties: { p: trap({ ownKeys: thrower }) } })).cause).toBe(boom);
      expect(thrownBy(() => client().track({ userId: 'u1', event: 'E', properties: { p: trap({ get: thrower }) } })).cause).toBe(boom);
      expect(thrownBy(() => client().track({ userId: 'u1', event: 'E', properties: trap({ getPrototypeOf: thrower }) })).field).toBe('properties');
      expect(thrownBy(() => client().track(trap({ getPrototypeOf: thrower }) as never)).field).toBe('params');
    });

    it('a circular reference names where it closes', () => {
      const properties: Record<string, unknown> = { a: { b: {} } };
      (properties.a as { b: Record<string, unknown> }).b.back = properties;
      expect(thrownBy(() => client().track({ userId: 'u1', event: 'E', properties })).field).toBe('properties.a.b.back');
    });

    it('a fake Date as timestamp', () => {
      const error = thrownBy(() => client().track({ userId: 'u1', event: 'E', timestamp: Object.create(Date.prototype) as Date }));
      expect(error.field).toBe('timestamp');
      expect(error.cause).toBeInstanceOf(TypeError);
    });

    it('the failed calls are reported as invalid and what was queued is still delivered', async () => {
      const segment = client();
      const good = segment.track({ userId: 'u1', event: 'Kept' });
      thrownBy(() => segment.track({ userId: 'u1', event: 'E', properties: nested(10_000) }));
      expect(segment.stats().dropped).toBe(1);
      expect(await segment.flush()).toMatchObject({ delivered: 1, failed: 0, dropped: 0 });
      expect(collector.messages.map((message) => message.messageId)).toEqual([good]);
    });
  });

  describe('no secret in any error or inspection', () => {
    it.each([
      ['host', { host: WRITE_KEY }],
      ['host', { host: `https://${WRITE_KEY}.example.com:99999` }],
      ['host', { host: `http://${WRITE_KEY}.example.com` }],
      ['path', { path: WRITE_KEY }],
      ['flushAt', { flushAt: WRITE_KEY }],
      ['region', { region: WRITE_KEY }],
      ['onError', { onError: WRITE_KEY }],
    ] as const)('the write key pasted into %s is not echoed', (option, misplaced) => {
      let thrown: unknown;
      try {
        new SegmentClient({ writeKey: WRITE_KEY, ...(misplaced as object) });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(SegmentConfigError);
      expect((thrown as SegmentConfigError).option).toBe(option);
      const text = `${(thrown as Error).message} ${inspect(thrown)}`;
      expect(text).not.toContain(WRITE_KEY);
      expect(text).not.toContain(WRITE_KEY.slice(0, 20));
      expect(text).not.toContain(Buffer.from(WRITE_KEY).toString('base64'));
    });

    it('util.inspect, console.log and JSON.stringify of a client show no secret', () => {
      const segment = client({ proxy: 'http://user:proxy-pass-123@127.0.0.1:9' });
      const basic = Buffer.from(`${WRITE_KEY}:`).toString('base64');
      for (const text of [inspect(segment), inspect(segment, { depth: Infinity, showHidden: true }), JSON.stringify(segment), inspect({ nested: { segment } })]) {
        expect(text).toContain('SegmentClient');
        expect(text).not.toContain(WRITE_KEY);
        expect(text).not.toContain(basic);
        expect(text).not.toContain('proxy-pass-123');
      }
    });
  });
});
