import { once } from 'node:events';
import { gunzipSync } from 'node:zlib';
import { Agent, Client } from 'undici';
import { SegmentCollector } from '../../lib/testing/index.js';
import { basic, batchOf, collectorPerTest, post, wireMessage } from './collector-http.js';

describe('SegmentCollector', () => {
  let collector: SegmentCollector;
  let agent: Agent;
  let url: string;
  collectorPerTest({ writeKeys: ['test-key', 'other-key'] }, (started) => ({ collector, agent, url } = started));

  it('listens on 127.0.0.1 and tells its url', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(collector.url).toBe(url);
    expect(() => new SegmentCollector().url).toThrow(/not started/);
  });

  describe('batch endpoint', () => {
    it('accepts a batch with a Basic write key and records the request', async () => {
      const messages = [wireMessage(), wireMessage({ type: 'identify', traits: { plan: 'pro' } })];
      const body = batchOf(messages);

      const result = await post(url, '/v1/batch', body, { dispatcher: agent });

      expect(result.status).toBe(200);
      expect(result.json).toEqual({ success: true });
      expect(collector.messages).toEqual(messages);
      expect(collector.duplicates).toBe(0);
      expect(collector.requests).toHaveLength(1);
      const [recorded] = collector.requests;
      expect(recorded).toMatchObject({
        method: 'POST',
        path: '/v1/batch',
        body,
        messages,
        writeKey: 'test-key',
        status: 200,
        responseBody: '{"success":true}',
        fault: undefined,
      });
      expect(recorded.headers.authorization).toBe(basic('test-key'));
      expect(JSON.parse(recorded.rawBody.toString('utf8'))).toEqual(body);
      expect(recorded.receivedAt).toBeInstanceOf(Date);
    });

    it('accepts the write key from the body when there is no Authorization header', async () => {
      const result = await post(url, '/v1/batch', batchOf([wireMessage()], { writeKey: 'other-key' }), {
        dispatcher: agent,
        writeKey: null,
      });

      expect(result.status).toBe(200);
      expect(collector.messages).toHaveLength(1);
      expect(collector.requests[0].writeKey).toBe('other-key');
    });

    it('answers an empty batch with 200 and accepts nothing', async () => {
      const result = await post(url, '/v1/batch', batchOf([]), { dispatcher: agent });

      expect(result.status).toBe(200);
      expect(collector.messages).toEqual([]);
    });

    it('gunzips a gzip body and keeps the wire bytes in rawBody', async () => {
      const body = batchOf([wireMessage()]);

      const result = await post(url, '/v1/batch', body, { dispatcher: agent, gzip: true });

      expect(result.status).toBe(200);
      expect(collector.messages).toEqual(body.batch);
      const [recorded] = collector.requests;
      expect(recorded.headers['content-encoding']).toBe('gzip');
      expect(JSON.parse(gunzipSync(recorded.rawBody).toString('utf8'))).toEqual(body);
      expect(recorded.decodedBody?.toString('utf8')).toBe(JSON.stringify(body));
    });
  });

  describe('authentication', () => {
    it.each([
      ['no key at all', null, {}],
      ['an unknown Basic key', 'stolen-key', {}],
      ['an unknown body key', null, { writeKey: 'stolen-key' }],
      ['an empty body key', null, { writeKey: '' }],
    ])('answers 401 to %s', async (_case, writeKey, extra) => {
      const result = await post(url, '/v1/batch', batchOf([wireMessage()], extra), { dispatcher: agent, writeKey });

      expect(result.status).toBe(401);
      expect(result.json).toMatchObject({ success: false, code: 'unauthorized' });
      expect(result.json.message).toEqual(expect.any(String));
      expect(collector.messages).toEqual([]);
      expect(collector.requests[0].status).toBe(401);
    });

    it("refuses Basic credentials without the ':' separator and says why", async () => {
      const result = await post(url, '/v1/batch', batchOf([wireMessage()]), {
        dispatcher: agent,
        writeKey: null,
        headers: { authorization: `Basic ${Buffer.from('test-key').toString('base64')}` },
      });

      expect(result.status).toBe(401);
      expect(result.json.message).toContain("':'");
      expect(result.json.message).not.toContain('test-key');
    });

    it('prefers the Basic header over the body key', async () => {
      const result = await post(url, '/v1/batch', batchOf([wireMessage()], { writeKey: 'stolen-key' }), {
        dispatcher: agent,
      });

      expect(result.status).toBe(200);
      expect(collector.requests[0].writeKey).toBe('test-key');
    });

    it('accepts any non-empty key when writeKeys is not given', async () => {
      const open = new SegmentCollector();
      const openUrl = await open.start();
      try {
        const result = await post(openUrl, '/v1/batch', batchOf([wireMessage()]), {
          dispatcher: agent,
          writeKey: 'anything',
        });
        expect(result.status).toBe(200);
      } finally {
        await open.stop();
      }
    });

    it('lets a custom authorize demand a Bearer token', async () => {
      const seen: Array<[string | undefined, string | undefined]> = [];
      const oauth = new SegmentCollector({
        authorize: (authorization, bodyWriteKey) => {
          seen.push([authorization, bodyWriteKey]);
          return authorization === 'Bearer good-token';
        },
      });
      const oauthUrl = await oauth.start();
      try {
        const bearer = (token: string) => ({
          dispatcher: agent,
          writeKey: null,
          headers: { authorization: `Bearer ${token}` },
        });
        const refused = await post(oauthUrl, '/v1/batch', batchOf([wireMessage()]), bearer('expired-token'));
        const basicRefused = await post(oauthUrl, '/v1/batch', batchOf([wireMessage()]), { dispatcher: agent });
        const withBodyKey = batchOf([wireMessage()], { writeKey: 'k' });
        const accepted = await post(oauthUrl, '/v1/batch', withBodyKey, bearer('good-token'));

        expect([refused.status, basicRefused.status, accepted.status]).toEqual([401, 401, 200]);
        expect(oauth.messages).toHaveLength(1);
        expect(seen).toEqual([
          ['Bearer expired-token', undefined],
          [basic('test-key'), undefined],
          ['Bearer good-token', 'k'],
        ]);
      } finally {
        await oauth.stop();
      }
    });
  });

  describe('single-call endpoints', () => {
    it.each([
      ['track', { event: 'Signed Up' }],
      ['identify', { traits: { email: 'a@example.com' } }],
      ['page', { name: 'Home' }],
      ['screen', { name: 'Settings' }],
      ['group', { groupId: 'g-1' }],
      ['alias', { previousId: 'anon-1' }],
    ])('POST /v1/%s takes one message and implies its type', async (type, fields) => {
      const { type: _untyped, event: _noEvent, ...common } = wireMessage();
      const message = { ...common, ...fields };

      const result = await post(url, `/v1/${type}`, { ...message, writeKey: 'test-key' }, { dispatcher: agent });

      expect(result.status).toBe(200);
      expect(collector.messages).toEqual([{ type, ...message }]);
      expect(collector.messages[0]).not.toHaveProperty('writeKey');
    });
  });

  describe('routing', () => {
    it('answers 404 to an unknown path, and records it', async () => {
      const result = await post(url, '/v2/batch', batchOf([wireMessage()]), { dispatcher: agent });

      expect(result.status).toBe(404);
      expect(result.json).toMatchObject({ success: false, code: 'not_found' });
      expect(collector.requests[0]).toMatchObject({ path: '/v2/batch', status: 404 });
      expect(collector.messages).toEqual([]);
    });

    it('answers 405 with Allow: POST to another method on a tracking path', async () => {
      const result = await post(url, '/v1/batch', '', { dispatcher: agent, method: 'GET' });

      expect(result.status).toBe(405);
      expect(result.headers.allow).toBe('POST');
    });
  });

  describe('deduplication', () => {
    it('accepts each messageId once and counts the repeats', async () => {
      const first = wireMessage();
      const second = wireMessage();

      await post(url, '/v1/batch', batchOf([first, second]), { dispatcher: agent });
      const retry = await post(url, '/v1/batch', batchOf([first, second]), { dispatcher: agent });
      await post(url, '/v1/track', first, { dispatcher: agent });

      expect(retry.status).toBe(200);
      expect(collector.messages).toEqual([first, second]);
      expect(collector.duplicates).toBe(3);
      expect(collector.requests.map((r) => r.messages.length)).toEqual([2, 2, 1]);
    });

    it('counts a repeat inside one batch', async () => {
      const message = wireMessage();

      await post(url, '/v1/batch', batchOf([message, message]), { dispatcher: agent });

      expect(collector.messages).toEqual([message]);
      expect(collector.duplicates).toBe(1);
    });
  });

  describe('clear()', () => {
    it('forgets messages, requests, duplicates, seen messageIds and planned faults', async () => {
      const message = wireMessage();
      await post(url, '/v1/batch', batchOf([message, message]), { dispatcher: agent });
      collector.failNext({ status: 500 });

      collector.clear();
      const after = await post(url, '/v1/batch', batchOf([message]), { dispatcher: agent });

      expect(after.status).toBe(200);
      expect(collector.messages).toEqual([message]);
      expect(collector.duplicates).toBe(0);
      expect(collector.requests).toHaveLength(1);
    });
  });

  describe('connections', () => {
    it('serves many requests over one kept-alive connection, and stop() closes it', async () => {
      const client = new Client(url);
      let connections = 0;
      client.on('connect', () => connections++);
      try {
        for (let i = 0; i < 3; i++) {
          const response = await client.request({
            method: 'POST',
            path: '/v1/batch',
            headers: { authorization: basic('test-key'), 'content-type': 'application/json' },
            body: JSON.stringify(batchOf([wireMessage()])),
          });
          expect(response.statusCode).toBe(200);
          await response.body.text();
        }
        expect(connections).toBe(1);

        const disconnected = once(client, 'disconnect');
        await collector.stop();
        await disconnected;

        await expect(post(url, '/v1/batch', batchOf([]), { dispatcher: agent })).rejects.toMatchObject({
          code: 'ECONNREFUSED',
        });
      } finally {
        await client.close();
      }
    });

    it('can stop twice, and stop before start', async () => {
      await collector.stop();
      await collector.stop();
      await new SegmentCollector().stop();
    });

    it('can start again after stop', async () => {
      await collector.stop();
      const again = await collector.start();

      const result = await post(again, '/v1/batch', batchOf([wireMessage()]), { dispatcher: agent });

      expect(result.status).toBe(200);
    });
  });
});
