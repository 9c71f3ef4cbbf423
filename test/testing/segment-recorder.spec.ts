import { expect as jestExpect } from '@jest/globals';
import { SegmentClient, SegmentValidationError } from '../../lib/index.js';
import { SegmentAssertionError, SegmentCollector, SegmentRecorder } from '../../lib/testing/index.js';

describe('SegmentRecorder', () => {
  let recorder: SegmentRecorder;

  beforeEach(() => {
    recorder = new SegmentRecorder();
  });

  it('records each message at call time, exactly as the real client puts it on the wire', async () => {
    const params = {
      userId: 42,
      event: 'Order Completed',
      properties: { total: 42, at: new Date('2024-05-01T10:00:00+02:00'), skip: undefined },
      timestamp: '2024-05-01T10:00:00+02:00',
      messageId: 'order-42',
      integrations: { All: false, Mixpanel: true },
    };
    recorder.createService().track(params);
    expect(recorder.messages).toHaveLength(1);

    const collector = new SegmentCollector();
    const client = new SegmentClient({ writeKey: 'wire', host: await collector.start() });
    client.track(params);
    await client.close();
    await collector.stop();
    expect(recorder.messages[0]).toEqual(collector.messages[0]);
    expect(recorder.messages[0]).toEqual(expect.objectContaining({ userId: '42', timestamp: '2024-05-01T08:00:00.000Z' }));
  });

  it('validates for real: a refused call throws, is not recorded, and is listed in errors', () => {
    const segment = recorder.createService();
    expect(() => segment.track({ userId: 'u1', event: '   ' })).toThrow(SegmentValidationError);
    expect(() => segment.identify({ traits: { plan: 'pro' } })).toThrow(/userId or anonymousId/);
    expect(recorder.messages).toEqual([]);
    expect(recorder.errors.map((error) => error.name)).toEqual(['SegmentValidationError', 'SegmentValidationError']);
  });

  describe('queries', () => {
    beforeEach(() => {
      const segment = recorder.createService();
      segment.identify({ userId: 'u1', traits: { plan: 'pro' } });
      segment.track({ userId: 'u1', event: 'Order Completed', properties: { total: 42 } });
      segment.track({ userId: 'u1', event: 'Order Refunded', properties: { total: 42 } });
      segment.page({ userId: 'u1', name: 'Account', category: 'Settings' });
      segment.screen({ userId: 'u1', name: 'Home' });
      segment.group({ userId: 'u1', groupId: 'team-1', traits: { name: 'Core' } });
      segment.alias({ previousId: 'anon-1', userId: 'u1' });
    });

    it('list by type, event, name and group', () => {
      expect(recorder.messages.map((message) => message.type)).toEqual(['identify', 'track', 'track', 'page', 'screen', 'group', 'alias']);
      expect(recorder.tracked().map((message) => message.event)).toEqual(['Order Completed', 'Order Refunded']);
      expect(recorder.tracked('Order Completed')).toHaveLength(1);
      expect(recorder.tracked(/^Order /)).toHaveLength(2);
      expect(recorder.identified()).toEqual([expect.objectContaining({ traits: { plan: 'pro' } })]);
      expect(recorder.pages('Account')).toHaveLength(1);
      expect(recorder.screens()).toHaveLength(1);
      expect(recorder.groups('team-1')).toHaveLength(1);
      expect(recorder.aliases()).toEqual([expect.objectContaining({ previousId: 'anon-1', userId: 'u1' })]);
      expect(recorder.ofType('page')).toEqual(recorder.pages());
    });

    it('find, filter and match partially', () => {
      expect(recorder.find((message) => message.groupId === 'team-1')?.type).toBe('group');
      expect(recorder.filter((message, index) => message.userId === 'u1' && index > 0)).toHaveLength(6);
      expect(recorder.matching({ properties: { total: 42 } }).map((message) => message.event)).toEqual(['Order Completed', 'Order Refunded']);
    });

    it('assertions return the first matching message', () => {
      expect(recorder.expectTracked('Order Completed', { properties: { total: 42 } }).event).toBe('Order Completed');
      expect(recorder.expectIdentified({ traits: { plan: 'pro' } }).type).toBe('identify');
      expect(recorder.expectPage('Account', { category: 'Settings' }).name).toBe('Account');
      expect(recorder.expectScreen('Home').type).toBe('screen');
      expect(recorder.expectGrouped('team-1', { traits: { name: 'Core' } }).type).toBe('group');
      expect(recorder.expectAliased({ previousId: 'anon-1' }).userId).toBe('u1');
      expect(recorder.expectMessage({ type: 'track', event: 'Order Refunded' }).event).toBe('Order Refunded');
      recorder.expectNotTracked('Order Completed', { properties: { total: 41 } });
      recorder.expectNotTracked('Signed Up');
      recorder.expectNoMessage({ type: 'track', userId: 'u2' });
    });

    it('clear() forgets everything', () => {
      recorder.clear();
      expect(recorder.messages).toEqual([]);
      recorder.expectNoMessages();
    });
  });

  describe('partial matching', () => {
    beforeEach(() => {
      recorder.createService().track({
        userId: 'u1',
        event: 'Order Completed',
        properties: { total: 42, currency: 'EUR', products: [{ sku: 'A-1', price: 20 }, { sku: 'B-2', price: 22 }], coupon: null },
        timestamp: new Date('2024-05-01T08:00:00Z'),
      });
    });

    const matchesWith = (pattern: Record<string, unknown>) => recorder.matching(pattern).length === 1;

    it('objects are deep subsets; arrays match item by item with the same length', () => {
      expect(matchesWith({ properties: { total: 42 } })).toBe(true);
      expect(matchesWith({ properties: { products: [{ sku: 'A-1' }, { sku: 'B-2' }] } })).toBe(true);
      expect(matchesWith({ properties: { products: [{ sku: 'A-1' }] } })).toBe(false);
      expect(matchesWith({ properties: { products: [{ sku: 'B-2' }, { sku: 'A-1' }] } })).toBe(false);
      expect(matchesWith({ properties: { total: '42' } })).toBe(false);
      expect(matchesWith({ properties: { coupon: null } })).toBe(true);
    });

    it('undefined means absent', () => {
      expect(matchesWith({ anonymousId: undefined })).toBe(true);
      expect(matchesWith({ userId: undefined })).toBe(false);
      expect(matchesWith({ properties: { discount: undefined } })).toBe(true);
    });

    it('RegExp, predicates, Dates and asymmetric matchers (Jest expect.any and friends)', () => {
      expect(matchesWith({ event: /completed$/i })).toBe(true);
      expect(matchesWith({ properties: { total: (value: unknown) => typeof value === 'number' && value > 40 } })).toBe(true);
      expect(matchesWith({ properties: { total: (value: unknown) => value === 1 } })).toBe(false);
      expect(matchesWith({ timestamp: new Date('2024-05-01T10:00:00+02:00') })).toBe(true);
      expect(matchesWith({ messageId: jestExpect.any(String), properties: { currency: jestExpect.stringMatching(/^EU/) } })).toBe(true);
      expect(matchesWith({ properties: jestExpect.objectContaining({ total: 42 }) })).toBe(true);
      expect(matchesWith({ properties: { total: jestExpect.any(String) } })).toBe(false);
    });
  });

  describe('named clients', () => {
    it('share one recorder; forClient() views one client, live', () => {
      const segment = recorder.createService();
      const marketing = recorder.createService('marketing');
      const view = recorder.forClient('marketing');
      segment.track({ userId: 'u1', event: 'Order Completed' });
      marketing.track({ userId: 'u1', event: 'Newsletter Subscribed' });

      expect(recorder.messages.map((message) => message.event)).toEqual(['Order Completed', 'Newsletter Subscribed']);
      expect(view.messages.map((message) => message.event)).toEqual(['Newsletter Subscribed']);
      view.expectTracked('Newsletter Subscribed');
      view.expectNotTracked('Order Completed');
      recorder.forClient().expectTracked('Order Completed');
      recorder.forClient().expectNotTracked('Newsletter Subscribed');
      recorder.forClient('billing').expectNoMessages();
    });

    it("a view's clear() forgets only its client's messages and errors", () => {
      recorder.createService().track({ userId: 'u1', event: 'Kept' });
      const marketing = recorder.createService('marketing');
      marketing.track({ userId: 'u1', event: 'Dropped' });
      expect(() => marketing.track({ event: 'No user' })).toThrow(SegmentValidationError);
      recorder.forClient('marketing').clear();
      expect(recorder.messages.map((message) => message.event)).toEqual(['Kept']);
      expect(recorder.errors).toEqual([]);
    });
  });

  it('assertions throw SegmentAssertionError, a plain Error that carries the pattern and what was recorded', () => {
    recorder.createService().track({ userId: 'u1', event: 'Order Completed' });
    let thrown: unknown;
    try {
      recorder.expectTracked('Order Completed', { userId: 'u2' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SegmentAssertionError);
    expect(thrown).toBeInstanceOf(Error);
    const error = thrown as SegmentAssertionError;
    expect(error.name).toBe('SegmentAssertionError');
    expect(error.expected).toEqual({ type: 'track', event: 'Order Completed', userId: 'u2' });
    expect(error.recorded).toEqual([expect.objectContaining({ event: 'Order Completed' })]);
    // The first frame is the test's line, not the kit's internals.
    const firstFrame = error.stack!.split('\n').find((line) => line.trimStart().startsWith('at '));
    expect(firstFrame).toContain('segment-recorder.spec.ts');
  });
});
