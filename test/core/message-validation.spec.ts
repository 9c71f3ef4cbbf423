import { SegmentClient, SegmentValidationError, type SegmentEvent } from '../../lib/index.js';
import { expectThrown } from '../support/expect-thrown.js';

/** A client that never sends: validation happens on the call, before any I/O. */
function client(): SegmentClient {
  return new SegmentClient({ writeKey: 'validation-key', host: 'http://127.0.0.1:9', disable: true });
}

function validationError(call: () => unknown): SegmentValidationError {
  return expectThrown(SegmentValidationError, call);
}

describe('message validation (thrown on the call, naming the field)', () => {
  const segment = client();
  afterAll(() => segment.close());

  it.each([
    ['neither userId nor anonymousId', () => segment.track({ event: 'E' }), 'userId', /userId or anonymousId/],
    ['an empty userId counts as none', () => segment.identify({ userId: '' }), 'userId', /userId or anonymousId/],
    ['track without event', () => segment.track({ userId: 'u' } as never), 'event', /non-empty string/],
    ['track with a blank event', () => segment.track({ userId: 'u', event: '  ' }), 'event', /non-empty/],
    ['group without groupId', () => segment.group({ userId: 'u' } as never), 'groupId', /groupId/],
    ['alias without previousId', () => segment.alias({ userId: 'u' } as never), 'previousId', /previousId/],
    ['alias without userId', () => segment.alias({ previousId: 'p' } as never), 'userId', /new id/],
    ['properties as an array', () => segment.track({ userId: 'u', event: 'E', properties: [] as never }), 'properties', /plain object.*array/],
    ['traits as a string', () => segment.identify({ userId: 'u', traits: 'x' as never }), 'traits', /plain object.*string/],
    ['context as a class instance', () => segment.track({ userId: 'u', event: 'E', context: new Map() as never }), 'context', /plain object.*Map/],
    ['integrations as null', () => segment.track({ userId: 'u', event: 'E', integrations: null as never }), 'integrations', /plain object.*null/],
    ['a zone-less timestamp', () => segment.track({ userId: 'u', event: 'E', timestamp: '2024-05-01T12:00:00' }), 'timestamp', /with a zone/],
    ['an unparseable timestamp', () => segment.track({ userId: 'u', event: 'E', timestamp: 'yesterday' }), 'timestamp', /ISO-8601/],
    ['an invalid Date', () => segment.track({ userId: 'u', event: 'E', timestamp: new Date('nope') }), 'timestamp', /invalid Date/],
    ['a messageId of 100 characters', () => segment.track({ userId: 'u', event: 'E', messageId: 'x'.repeat(100) }), 'messageId', /under 100 characters/],
    ['a userId that is an object', () => segment.track({ userId: {} as never, event: 'E' }), 'userId', /string or a number/],
    ['params that are not an object', () => segment.track('Order Completed' as never), 'params', /one object/],
  ])('%s', (_case, call, field, text) => {
    const error = validationError(call);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(text);
  });

  it('refuses a message over 32 KB of UTF-8, counting bytes, not characters', () => {
    // 11,000 three-byte characters: 11,000 JS characters but 33,000 bytes.
    const error = validationError(() => segment.track({ userId: 'u', event: 'E', properties: { text: '€'.repeat(11_000) } }));
    expect(error.field).toBe('message');
    expect(error.message).toMatch(/at most 32768 bytes/);
  });

  it('names the path of a circular reference', () => {
    const order: Record<string, unknown> = { id: 1 };
    order.self = order;
    const error = validationError(() => segment.track({ userId: 'u', event: 'E', properties: { order } }));
    expect(error.field).toBe('properties.order.self');
  });

  it('reports a refused call on events$ as dropped, with the reason', () => {
    const events: SegmentEvent[] = [];
    const local = client();
    local.events$.subscribe((event) => events.push(event));
    expect(() => local.track({ userId: 'u', event: '' })).toThrow(SegmentValidationError);
    expect(() => local.track({ userId: 'u', event: 'E', properties: { big: 'x'.repeat(40_000) } })).toThrow(SegmentValidationError);
    expect(events.map((event) => event.type === 'dropped' && event.reason)).toEqual(['invalid', 'too_large']);
    expect(local.stats().dropped).toBe(2);
    return local.close();
  });

  it('returns the messageId, generated as a UUID v4 unless given', () => {
    expect(segment.track({ userId: 'u', event: 'E' })).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(segment.track({ userId: 'u', event: 'E', messageId: 'order-42' })).toBe('order-42');
  });
});
