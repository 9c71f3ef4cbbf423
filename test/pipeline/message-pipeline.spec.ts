import { SegmentFilteredError, SegmentMiddlewareError, SegmentViolationError, type SegmentMessage, type SegmentMiddleware } from '../../lib/index.js';
import type { MessageCheck } from '../../lib/core/pipeline/message-check.js';
import { MessagePipeline } from '../../lib/core/pipeline/message-pipeline.js';

function message(): SegmentMessage {
  return { type: 'track', event: 'Order Completed', messageId: 'm-1', timestamp: '2026-12-02T00:00:00.000Z', context: { library: { name: 'n', version: 'v' } }, userId: 'u', properties: { total: 1 } };
}

const addCoupon: SegmentMiddleware = (m) => ({ ...m, properties: { ...m.properties, coupon: 'X' } });

function planSaying(action: 'report' | 'drop' | 'throw', seen: SegmentMessage[] = []): MessageCheck {
  return {
    check: (m) => {
      seen.push(m);
      return new SegmentViolationError('Order Completed', m.messageId, [{ event: 'Order Completed', messageType: 'track', pointer: '/properties/total', rule: 'type', expected: 'must be string' }], action);
    },
  };
}

describe('MessagePipeline', () => {
  it('runs middleware in order, then the plan on what the middleware returned', () => {
    const order: string[] = [];
    const seen: SegmentMessage[] = [];
    const first: SegmentMiddleware = (m) => (order.push('first'), addCoupon(m));
    const second: SegmentMiddleware = (m) => (order.push(`second saw ${String(m.properties?.coupon)}`), m);
    const outcome = new MessagePipeline([first, second], planSaying('report', seen)).run(message());
    expect(order).toEqual(['first', 'second saw X']);
    expect(seen[0]!.properties).toEqual({ total: 1, coupon: 'X' });
    expect(outcome.kind).toBe('send');
    expect(outcome.kind === 'send' && outcome.violation?.action).toBe('report');
  });

  it('stops at a middleware that returns null: dropped as filtered, later middleware and the plan never see it', () => {
    const seen: SegmentMessage[] = [];
    let later = 0;
    const outcome = new MessagePipeline([function sampleOut() { return null; }, (m) => (later++, m)], planSaying('report', seen)).run(message());
    expect(outcome).toMatchObject({ kind: 'drop', reason: 'filtered' });
    expect(outcome.kind === 'drop' && outcome.error).toBeInstanceOf(SegmentFilteredError);
    expect(outcome.kind === 'drop' && outcome.error.message).toBe('middleware #0 (sampleOut) dropped the message (returned null).');
    expect([later, seen.length]).toEqual([0, 0]);
  });

  it('turns a middleware that throws into a middleware_error drop, naming it and keeping the cause; it never throws', () => {
    const boom = new TypeError('no email here');
    const outcome = new MessagePipeline([addCoupon, function enrich() { throw boom; }], undefined).run(message());
    expect(outcome).toMatchObject({ kind: 'drop', reason: 'middleware_error' });
    const error = (outcome as { error: unknown }).error as SegmentMiddlewareError;
    expect(error).toBeInstanceOf(SegmentMiddlewareError);
    expect({ index: error.index, middleware: error.middleware, cause: error.cause }).toEqual({ index: 1, middleware: 'enrich', cause: boom });
    expect(error.message).toBe('middleware #1 (enrich) threw TypeError: no email here; the message was dropped.');
  });

  it.each([
    ['undefined', () => undefined, 'returned undefined, not the message'],
    ['a string', () => 'x', 'returned string, not the message'],
    ['another type', (m: SegmentMessage) => ({ ...m, type: 'page' }), 'changed the message type'],
    ['another messageId', (m: SegmentMessage) => ({ ...m, messageId: 'other' }), 'changed the messageId'],
    ['no context', (m: SegmentMessage) => ({ ...m, context: undefined }), 'without a context object'],
  ])('drops a message whose middleware returned %s, as middleware_error', (_label, middleware, text) => {
    const outcome = new MessagePipeline([middleware as unknown as SegmentMiddleware], undefined).run(message());
    expect(outcome).toMatchObject({ kind: 'drop', reason: 'middleware_error' });
    expect((outcome as { error: Error }).error.message).toContain(text);
  });

  it.each([
    ['report', 'send'],
    ['drop', 'drop'],
    ['throw', 'throw'],
  ] as const)("follows the plan's %s verdict (%s)", (action, kind) => {
    const outcome = new MessagePipeline([], planSaying(action)).run(message());
    expect(outcome.kind).toBe(kind);
    if (outcome.kind === 'drop') expect(outcome.reason).toBe('violation');
  });
});
