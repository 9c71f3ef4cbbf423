import { SegmentConfigError, SegmentViolationError } from '../../lib/index.js';
import { compileTrackingPlan } from '../../lib/tracking-plan/compiled-tracking-plan.js';
import { expectThrown } from '../support/expect-thrown.js';
import { PUBLIC_API_PLAN, V1_PLAN, built } from './support.js';

const warnings: string[] = [];
const plan = (options: Record<string, unknown> = {}, path = PUBLIC_API_PLAN) => compileTrackingPlan({ plan: path, ...options }, (text) => warnings.push(text));

const violationsOf = (error: SegmentViolationError | undefined) => error?.violations.map(({ pointer, rule, expected, version }) => ({ pointer, rule, expected, version }));

describe('a compiled tracking plan', () => {
  const shop = plan();

  it('passes a message that follows its rule, with Date-free ISO strings checked as date-time', () => {
    expect(shop.check(built({ event: 'Order Completed', properties: { orderId: 'o1', total: 10, currency: 'EUR', completedAt: '2026-12-02T10:00:00Z' } }))).toBeUndefined();
    expect(shop.check(built({ type: 'identify', traits: { email: 'ada@example.com', plan: 'pro' } }))).toBeUndefined();
  });

  it('reports each broken rule with its JSON pointer, keyword and expectation, and never the value', () => {
    const secretish = 'ada@example.com-not-a-number';
    const error = shop.check(built({ event: 'Order Completed', properties: { orderId: 'o1', total: secretish, currency: 'GBP', completedAt: 'yesterday', items: [{ sku: 'a', quantity: 0 }] } }));
    expect(error).toBeInstanceOf(SegmentViolationError);
    expect(error!.action).toBe('report');
    expect(violationsOf(error)).toEqual([
      { pointer: '/properties/total', rule: 'type', expected: 'must be number', version: 2 },
      { pointer: '/properties/currency', rule: 'enum', expected: 'must be one of ["EUR","USD"]', version: 2 },
      { pointer: '/properties/items/0/quantity', rule: 'minimum', expected: 'must be >= 1', version: 2 },
      { pointer: '/properties/completedAt', rule: 'format', expected: 'must match format "date-time"', version: 2 },
    ]);
    expect(error!.message).toBe(
      '"Order Completed" violates the tracking plan (sent anyway): /properties/total must be number (type); /properties/currency must be one of ["EUR","USD"] (enum); /properties/items/0/quantity must be >= 1 (minimum); /properties/completedAt must match format "date-time" (format).',
    );
    expect(error!.field).toBe('properties.total');
    expect(JSON.stringify({ ...error, message: error!.message })).not.toContain(secretish);
    expect(JSON.stringify(error)).not.toContain('GBP');
  });

  it('names a missing required property by its own pointer', () => {
    expect(violationsOf(shop.check(built({ event: 'Product Viewed', properties: {} })))).toEqual([{ pointer: '/properties/productId', rule: 'required', expected: 'is required', version: 1 }]);
    expect(violationsOf(shop.check(built({ type: 'group', groupId: 'g' })))).toEqual([{ pointer: '/traits', rule: 'required', expected: 'is required', version: 1 }]);
  });

  it('uses the version the message asks for in context.protocols.event_version, else the newest', () => {
    const v1Shaped = { orderId: 'o1', total: 3 };
    expect(violationsOf(shop.check(built({ event: 'Order Completed', properties: v1Shaped })))).toEqual([{ pointer: '/properties/currency', rule: 'required', expected: 'is required', version: 2 }]);
    const asked = built({ event: 'Order Completed', properties: v1Shaped, context: { library: { name: 'n', version: 'v' }, protocols: { event_version: 1 } } });
    expect(shop.check(asked)).toBeUndefined();
  });

  it('applies COMMON rules to every call, and page rules by page name', () => {
    expect(violationsOf(shop.check(built({ type: 'alias', previousId: 'a', context: { library: { name: 'n', version: 'v' }, locale: 'english' } })))).toEqual([
      { pointer: '/context/locale', rule: 'pattern', expected: 'must match pattern "^[a-z]{2}(-[A-Z]{2})?$"', version: 1 },
    ]);
    expect(violationsOf(shop.check(built({ type: 'page', name: 'Checkout', properties: { step: 'two' } })))).toEqual([{ pointer: '/properties/step', rule: 'type', expected: 'must be integer', version: 1 }]);
    expect(shop.check(built({ type: 'page', name: 'Home', properties: { step: 'two' } }))).toBeUndefined();
  });

  it.each([
    [{}, undefined],
    [{ unknownEvents: 'allow' }, undefined],
    [{ unknownEvents: 'report' }, 'report'],
    [{ unknownEvents: 'drop' }, 'drop'],
  ])('handles an event the plan does not list per unknownEvents %j', (options, action) => {
    const error = plan(options).check(built({ event: 'Order Complted', properties: {} }));
    expect(error?.action).toBe(action);
    if (action !== undefined) expect(violationsOf(error)).toEqual([{ pointer: '/event', rule: 'unknownEvent', expected: 'is not an event of the tracking plan', version: undefined }]);
  });

  it.each(['report', 'drop', 'throw'] as const)('marks a violation with onViolation %s', (onViolation) => {
    expect(plan({ onViolation }).check(built({ event: 'Product Viewed', properties: {} }))?.action).toBe(onViolation);
  });

  it('checks v1 plans the same way', () => {
    const v1 = plan({}, V1_PLAN);
    expect(violationsOf(v1.check(built({ event: 'Order Completed', properties: { orderId: 7 } })))).toEqual([
      { pointer: '/properties/total', rule: 'required', expected: 'is required', version: 1 },
      { pointer: '/properties/orderId', rule: 'type', expected: 'must be string', version: 1 },
    ]);
    expect(violationsOf(v1.check(built({ type: 'identify', traits: { email: 'not an email' } })))).toEqual([{ pointer: '/traits/email', rule: 'format', expected: 'must match format "email"', version: 1 }]);
  });

  it('refuses bad modes and schemas Ajv cannot compile, naming the option and the rule', () => {
    expect(expectThrown(SegmentConfigError, () => plan({ onViolation: 'warn' })).message).toBe("trackingPlan.onViolation must be 'report', 'drop', 'throw'; got \"warn\".");
    expect(expectThrown(SegmentConfigError, () => plan({ unknownEvents: true })).option).toBe('trackingPlan.unknownEvents');
    const bad = expectThrown(SegmentConfigError, () => compileTrackingPlan({ plan: { rules: [{ key: 'A', type: 'TRACK', jsonSchema: { type: 'nope' } }] } }, () => {}));
    expect(bad.message).toMatch(/^trackingPlan.plan rules\[0\] \("A" v1\) is not a JSON Schema Ajv can compile: /);
    expect(expectThrown(SegmentConfigError, () => compileTrackingPlan('plan.json', () => {})).option).toBe('trackingPlan');
  });

  it('warns once at start about formats Ajv does not know, instead of failing', () => {
    const seen: string[] = [];
    compileTrackingPlan({ plan: { rules: [{ key: 'A', type: 'TRACK', jsonSchema: { properties: { properties: { properties: { x: { type: 'string', format: 'isbn' } } } } } }] } }, (text) => seen.push(text));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toContain('unknown format "isbn" ignored');
  });
});
