import { Agent } from 'undici';
import { SegmentCollector } from '../../lib/testing/index.js';
import { batchOf, post, wireMessage } from './collector-http.js';

/** Each breaks exactly one Spec rule; `path` defaults to the batch endpoint. */
const broken: Array<[string, Record<string, unknown>, RegExp, string?]> = [
  ['no type', { type: undefined }, /type \(missing\)/],
  ['an unknown type', { type: 'purchase' }, /type "purchase" is not one of/],
  ['no messageId', { messageId: undefined }, /messageId \(missing\)/],
  ['a messageId of 100 characters', { messageId: 'm'.repeat(100) }, /fewer than 100/],
  ['no timestamp', { timestamp: undefined }, /timestamp is missing/],
  ['a timestamp in words', { timestamp: 'yesterday' }, /not an ISO-8601/],
  ['a timestamp without a zone', { timestamp: '2024-05-01T10:00:00' }, /not an ISO-8601/],
  ['a date that does not exist', { timestamp: '2024-02-30T10:00:00Z' }, /not an ISO-8601/],
  ['a timestamp that is a number', { timestamp: 1714557600000 }, /not an ISO-8601/],
  ['neither userId nor anonymousId', { userId: undefined }, /userId or anonymousId/],
  ['a track without event', { event: undefined }, /track needs event/],
  ['an alias without previousId', { type: 'alias', event: undefined }, /alias needs previousId/],
  ['a group without groupId', { type: 'group', event: undefined }, /group needs groupId/],
  ['a type its endpoint does not take', { type: 'identify', event: undefined }, /to the track endpoint/, '/v1/track'],
];

function withoutUndefined(message: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(message).filter(([, value]) => value !== undefined));
}

describe('SegmentCollector Spec checks', () => {
  let agent: Agent;

  beforeEach(() => {
    agent = new Agent();
  });

  afterEach(async () => {
    await agent.close();
  });

  describe('strict', () => {
    let collector: SegmentCollector;
    let url: string;

    beforeEach(async () => {
      collector = new SegmentCollector({ strict: true });
      url = await collector.start();
    });

    afterEach(async () => {
      await collector.stop();
    });

    it.each(broken)('answers 400 to %s', async (_case, overrides, problem, path = '/v1/batch') => {
      const message = withoutUndefined(wireMessage(overrides));
      const body = path === '/v1/batch' ? batchOf([wireMessage(), message]) : message;

      const result = await post(url, path, body, { dispatcher: agent });

      expect(result.status).toBe(400);
      expect(result.json).toMatchObject({ success: false, code: 'invalid_message' });
      expect(result.json.message).toMatch(problem);
      expect(collector.messages).toEqual([]);
      const messageId = typeof message.messageId === 'string' ? message.messageId : undefined;
      expect(collector.violations).toEqual([{ messageId, text: expect.stringMatching(problem) }]);
    });

    it.each([
      ['a track', {}],
      ['an anonymous page', { type: 'page', event: undefined, userId: undefined, anonymousId: 'anon-1', name: 'Home' }],
      ['an alias', { type: 'alias', event: undefined, previousId: 'anon-1' }],
      ['a group with a numeric id', { type: 'group', event: undefined, groupId: 7 }],
      ['a timestamp with an offset', { timestamp: '2024-05-01T12:00:00.123+02:00' }],
    ])('accepts %s that follows the Spec', async (_case, overrides) => {
      const message = withoutUndefined(wireMessage(overrides));

      const result = await post(url, '/v1/batch', batchOf([message]), { dispatcher: agent });

      expect(result.status).toBe(200);
      expect(collector.messages).toHaveLength(1);
      expect(collector.violations).toEqual([]);
    });
  });

  describe('non-strict (the default)', () => {
    it('accepts what breaks the Spec, as Segment does, and records why', async () => {
      const collector = new SegmentCollector();
      const url = await collector.start();
      try {
        const message = withoutUndefined(wireMessage({ timestamp: 'yesterday', userId: undefined }));

        const result = await post(url, '/v1/batch', batchOf([message]), { dispatcher: agent });

        expect(result.status).toBe(200);
        expect(collector.messages).toEqual([message]);
        expect(collector.violations).toEqual([
          { messageId: message.messageId, text: expect.stringMatching(/timestamp "yesterday"/) },
          { messageId: message.messageId, text: 'userId or anonymousId is required' },
        ]);
      } finally {
        await collector.stop();
      }
    });
  });
});
