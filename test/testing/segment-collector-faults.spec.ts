import { Agent, errors } from 'undici';
import { SegmentCollector } from '../../lib/testing/index.js';
import { batchOf, collectorPerTest, post, wireMessage } from './collector-http.js';

describe('SegmentCollector planned faults', () => {
  let collector: SegmentCollector;
  let agent: Agent;
  let url: string;
  collectorPerTest({}, (started) => ({ collector, agent, url } = started));

  describe('failNext', () => {
    it('answers 429 with Retry-After, records the request without accepting it, then succeeds', async () => {
      const body = batchOf([wireMessage()]);
      collector.failNext({ status: 429, retryAfter: 7, headers: { 'x-ratelimit-reset': '1700000000' } });

      const limited = await post(url, '/v1/batch', body, { dispatcher: agent });
      const retried = await post(url, '/v1/batch', body, { dispatcher: agent });

      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('7');
      expect(limited.headers['x-ratelimit-reset']).toBe('1700000000');
      expect(limited.json).toMatchObject({ success: false });
      expect(retried.status).toBe(200);
      expect(collector.messages).toEqual(body.batch);
      expect(collector.duplicates).toBe(0);
      expect(collector.requests.map((r) => [r.status, r.fault])).toEqual([
        [429, 'fail'],
        [200, undefined],
      ]);
      expect(collector.requests[0].messages).toEqual(body.batch);
    });

    it('fails as many requests as asked, with a 503 by default', async () => {
      collector.failNext({ times: 2 });

      const statuses = [];
      for (let i = 0; i < 3; i++) {
        statuses.push((await post(url, '/v1/batch', batchOf([wireMessage()]), { dispatcher: agent })).status);
      }

      expect(statuses).toEqual([503, 503, 200]);
      expect(collector.messages).toHaveLength(1);
    });

    it('sends an HTTP-date Retry-After and a custom body as given', async () => {
      const when = new Date('2030-01-01T00:00:00Z');
      collector.failNext({ status: 503, retryAfter: when, body: '{"success":false,"message":"down"}' });

      const result = await post(url, '/v1/batch', batchOf([wireMessage()]), { dispatcher: agent });

      expect(result.headers['retry-after']).toBe('Tue, 01 Jan 2030 00:00:00 GMT');
      expect(result.json).toEqual({ success: false, message: 'down' });
    });

    it('does not spend a fault on an unknown path', async () => {
      collector.failNext();

      const missing = await post(url, '/nowhere', {}, { dispatcher: agent });
      const failed = await post(url, '/v1/batch', batchOf([wireMessage()]), { dispatcher: agent });

      expect([missing.status, failed.status]).toEqual([404, 503]);
    });

    it('refuses a status that is not HTTP', () => {
      expect(() => collector.failNext({ status: 42 })).toThrow(RangeError);
      expect(() => collector.failNext({ times: 0 })).toThrow(RangeError);
    });
  });

  describe('delayNext', () => {
    it('accepts the messages at once and holds the answer', async () => {
      collector.delayNext({ ms: 20 });
      let answered = false;

      const pending = post(url, '/v1/batch', batchOf([wireMessage()]), { dispatcher: agent }).finally(() => {
        answered = true;
      });
      await collector.waitFor(1);

      expect(answered).toBe(false);
      expect(collector.requests[0]).toMatchObject({ fault: 'delay', status: undefined });
      expect((await pending).status).toBe(200);
      expect(collector.requests[0].status).toBe(200);
    });

    it("outlasts a client's timeout, so timeout-and-retry can be tested", async () => {
      const message = wireMessage();
      collector.delayNext({ ms: 60_000 });

      const timedOut = post(url, '/v1/batch', batchOf([message]), { dispatcher: agent, headersTimeout: 50 });
      await expect(timedOut).rejects.toBeInstanceOf(errors.HeadersTimeoutError);
      const retry = await post(url, '/v1/batch', batchOf([message]), { dispatcher: agent });

      expect(retry.status).toBe(200);
      expect(collector.messages).toEqual([message]);
      expect(collector.duplicates).toBe(1);
    });
  });

  describe('resetNext', () => {
    it('resets the connection without answering and accepts nothing', async () => {
      collector.resetNext();

      const reset = post(url, '/v1/batch', batchOf([wireMessage()]), { dispatcher: agent });

      await expect(reset).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(collector.messages).toEqual([]);
      expect(collector.requests[0]).toMatchObject({ fault: 'reset', status: undefined });
      const next = await post(url, '/v1/batch', batchOf([wireMessage()]), { dispatcher: agent });
      expect(next.status).toBe(200);
    });

    it('can accept before resetting, so a retry shows up as a duplicate', async () => {
      const message = wireMessage();
      collector.resetNext({ afterAccepting: true });

      await expect(post(url, '/v1/batch', batchOf([message]), { dispatcher: agent })).rejects.toMatchObject({
        code: 'ECONNRESET',
      });
      await post(url, '/v1/batch', batchOf([message]), { dispatcher: agent });

      expect(collector.messages).toEqual([message]);
      expect(collector.duplicates).toBe(1);
    });
  });

  it('plays faults in the order they were planned, one per request', async () => {
    collector.failNext({ status: 500 });
    collector.resetNext();
    collector.failNext({ status: 502 });

    const outcomes: Array<number | string> = [];
    for (let i = 0; i < 4; i++) {
      try {
        outcomes.push((await post(url, '/v1/batch', batchOf([wireMessage()]), { dispatcher: agent })).status);
      } catch (error) {
        outcomes.push((error as { code?: string }).code ?? 'error');
      }
    }

    expect(outcomes).toEqual([500, 'ECONNRESET', 502, 200]);
  });
});
