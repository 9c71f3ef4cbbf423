import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import { Script } from 'node:vm';
import { Agent } from 'undici';
import { SegmentClient } from '../../lib/index.js';
import type { SegmentCollector } from '../../lib/testing/index.js';
import { writeKeyFingerprint } from '../../lib/testing/collector/debugger/write-key-fingerprint.js';
import { basic, batchOf, collectorPerTest, post, wireMessage } from './collector-http.js';
import { EventStreamReader } from './support/event-stream-reader.js';

/** GET with an explicit Host header (fetch and undici do not let a test set it). */
function getWithHost(url: string, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    httpRequest({ host: target.hostname, port: target.port, path, headers: { host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the event debugger, over HTTP', () => {
  let collector: SegmentCollector;
  let agent: Agent;
  let url: string;
  collectorPerTest({}, (started) => ({ collector, agent, url } = started));
  const readers: EventStreamReader[] = [];
  const watch = async () => {
    const reader = await EventStreamReader.open(url);
    readers.push(reader);
    await reader.until((frames) => frames.some((frame) => frame.event === 'hello'));
    return reader;
  };
  afterEach(() => readers.splice(0).forEach((reader) => reader.close()));

  it('serves the page, its script and its style from the collector, and forbids the page any other origin', async () => {
    const page = await fetch(`${url}/`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'");
    expect(html).toContain('<title>Segment event debugger</title>');
    // Nothing to fetch from elsewhere: every src and href is the collector's own, or inline data.
    expect([...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((match) => match[1])).toEqual(['data:,', '/debugger/app.css', '/debugger/app.js']);

    const script = await fetch(`${url}/debugger/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const source = await script.text();
    expect(() => new Script(source)).not.toThrow();
    expect(source).not.toMatch(/https?:\/\//);
    const style = await fetch(`${url}/debugger/app.css`);
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await style.text()).not.toMatch(/https?:\/\/|@import|url\(/);

    // The page is not tracking traffic: tests that count requests are not disturbed by it.
    expect(collector.requests).toEqual([]);
    expect((await fetch(`${url}/debugger/nothing-here`)).status).toBe(404);
  });

  it('answers only to its own loopback name, so a rebinding site cannot read the stream', async () => {
    const port = new URL(url).port;
    expect((await getWithHost(url, '/', `localhost:${port}`)).status).toBe(200);
    for (const host of [`attacker.example:${port}`, 'attacker.example', `127.0.0.1:${Number(port) + 1}`]) {
      expect(await getWithHost(url, '/debugger/events', host)).toEqual({ status: 403, body: expect.stringContaining('answers only to') });
      expect((await getWithHost(url, '/', host)).status).toBe(403);
    }
  });

  it('streams each request with its messages, what was found in them, and the totals', async () => {
    const reader = await watch();
    const first = wireMessage({ messageId: 'm-1' });
    await post(url, '/v1/batch', batchOf([first, wireMessage({ timestamp: 'yesterday' })]), { dispatcher: agent, writeKey: 'stream-key' });
    await post(url, '/v1/batch', batchOf([first]), { dispatcher: agent, writeKey: 'stream-key', gzip: true });
    await reader.until((frames) => frames.filter((frame) => frame.event === 'batch').length === 2);

    const [one, two] = reader.ofEvent('batch');
    expect(one.batch).toEqual({
      seq: 1,
      receivedAt: collector.requests[0].receivedAt.toISOString(),
      path: '/v1/batch',
      client: writeKeyFingerprint('stream-key'),
      wireBytes: collector.requests[0].rawBody.length,
      jsonBytes: collector.requests[0].rawBody.length,
      gzip: false,
      answer: { status: 200, code: null, text: null, fault: null },
      messages: [
        { message: first, duplicate: false, violations: [] },
        { message: collector.messages[1], duplicate: false, violations: [{ text: 'timestamp "yesterday" is not an ISO-8601 date-time with a zone' }] },
      ],
      omitted: 0,
    });
    expect(two.batch).toMatchObject({ seq: 2, gzip: true, jsonBytes: collector.requests[1].decodedBody!.length, messages: [{ message: first, duplicate: true, violations: [] }] });
    const bytes = collector.requests[0].rawBody.length + collector.requests[1].rawBody.length;
    expect(two.totals).toEqual({ messages: 3, batches: 2, duplicates: 1, violations: 1, bytes });
    expect(collector.duplicates).toBe(1);
    expect(collector.violations).toHaveLength(1);
  });

  it('keeps the last 1,000 messages for a page opened later, and counts everything', async () => {
    // Small messages, so 2,500 of them fit in one 500 KB request.
    let id = 0;
    const hundreds = (count: number) =>
      Array.from({ length: count }, () => ({ type: 'track', event: 'E', userId: 'u', messageId: `m-${++id}`, timestamp: '2026-05-04T09:30:00Z' }));
    for (let round = 0; round < 3; round++) await post(url, '/v1/batch', batchOf(hundreds(400)), { dispatcher: agent });

    const later = await watch();
    await later.until((frames) => frames.filter((frame) => frame.event === 'batch').length === 2);
    const replayed = later.ofEvent('batch');
    expect(replayed.map(({ batch }) => [batch.seq, batch.messages.length])).toEqual([[2, 400], [3, 400]]);
    expect(later.ofEvent('hello')[0]).toMatchObject({ keep: 1000, totals: { messages: 1200, batches: 3 } });

    // One request larger than the whole buffer keeps its first 1,000 messages and says how many it left out.
    await post(url, '/v1/batch', batchOf(hundreds(2500)), { dispatcher: agent });
    const last = await watch();
    await last.until((frames) => frames.some((frame) => frame.event === 'batch'));
    expect(last.ofEvent('batch').map(({ batch }) => [batch.seq, batch.messages.length, batch.omitted])).toEqual([[4, 1000, 1500]]);
    expect(collector.messages).toHaveLength(3700);
  });

  it('a page that stops reading loses frames and is told how many; the collector answers every request meanwhile', async () => {
    const slow = await watch();
    const fast = await watch();
    slow.pause();
    // About 16 MB: more than the kernel's socket buffers and the page's own 1 MiB allowance hold.
    const padding = 'x'.repeat(30_000);
    const batches = 40;
    const statuses: number[] = [];
    for (let index = 0; index < batches; index++) {
      const messages = Array.from({ length: 13 }, () => wireMessage({ properties: { padding } }));
      statuses.push((await post(url, '/v1/batch', batchOf(messages), { dispatcher: agent })).status);
    }
    expect(statuses).toEqual(Array(batches).fill(200));
    await fast.until((frames) => frames.filter((frame) => frame.event === 'batch').length === batches);

    slow.resume();
    await slow.until((frames) => frames.some((frame) => frame.event === 'dropped'));
    await post(url, '/v1/batch', batchOf([wireMessage({ event: 'Last One' })]), { dispatcher: agent });
    await slow.until((frames) => frames.some((frame) => frame.event === 'batch' && frame.data.batch.messages[0].message.event === 'Last One'));

    const received = slow.ofEvent('batch').length;
    const dropped = slow.ofEvent('dropped').reduce((sum, { frames }) => sum + frames, 0);
    expect(dropped).toBeGreaterThan(0);
    expect(received + dropped).toBe(batches + 1);
    // The last frame carries exact totals whatever was dropped.
    expect(slow.ofEvent('batch').at(-1).totals).toMatchObject({ messages: batches * 13 + 1, batches: batches + 1 });
    expect(fast.ofEvent('dropped')).toEqual([]);
  }, 60_000);

  it('collector.clear() tells every page to start again', async () => {
    const reader = await watch();
    await post(url, '/v1/batch', batchOf([wireMessage()]), { dispatcher: agent });
    await reader.until((frames) => frames.some((frame) => frame.event === 'batch'));
    collector.clear();
    await reader.until((frames) => frames.some((frame) => frame.event === 'reset'));
    expect(reader.ofEvent('reset')).toEqual([{ totals: { messages: 0, batches: 0, duplicates: 0, violations: 0, bytes: 0 } }]);
    const later = await watch();
    expect(later.ofEvent('batch')).toEqual([]);
  });

  it('never sends a write key, its Basic form or a bearer token: not in the page, its assets or the stream', async () => {
    const reader = await watch();
    const assets = (await Promise.all(['/', '/debugger/app.js', '/debugger/app.css'].map(async (path) => (await fetch(`${url}${path}`)).text()))).join('\n');
    // Write keys are random strings; any 18 to 30 random bytes, as base64url (24 to 40 characters).
    const writeKeys = fc.uint8Array({ minLength: 18, maxLength: 30 }).map((bytes) => Buffer.from(bytes).toString('base64url'));
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(writeKeys, fc.boolean(), async (writeKey, gzip) => {
        const marker = `run-${++sent}`;
        // A careless app may even put its key in a message; the debugger still does not show it.
        const leaky = wireMessage({ messageId: marker, properties: { config: { writeKey, header: basic(writeKey) } } });
        await post(url, '/v1/batch', batchOf([leaky], { writeKey }), { dispatcher: agent, writeKey, gzip });
        await reader.until((frames) => frames.some((frame) => frame.event === 'batch' && frame.data.batch.messages[0]?.message.messageId === marker));
        for (const secret of [writeKey, basic(writeKey), basic(writeKey).slice('Basic '.length)]) {
          expect(reader.raw).not.toContain(secret);
          expect(assets).not.toContain(secret);
        }
        const shown = reader.ofEvent('batch').at(-1);
        expect(shown.batch.client).toBe(writeKeyFingerprint(writeKey));
        expect(shown.batch.messages[0].message.properties.config).toEqual({ writeKey: '[redacted]', header: '[redacted]' });
      }),
      { numRuns: 40 },
    );

    // OAuth: a bearer token is as secret as a key.
    const token = 'eyJhbGciOiJSUzI1NiJ9.bearer-token-under-test';
    await post(url, '/v1/batch', batchOf([wireMessage({ messageId: 'oauth', properties: { token } })], { writeKey: 'oauth-body-key' }), {
      dispatcher: agent,
      writeKey: null,
      headers: { authorization: `Bearer ${token}` },
    });
    await reader.until((frames) => frames.some((frame) => frame.event === 'batch' && frame.data.batch.messages[0]?.message.messageId === 'oauth'));
    expect(reader.raw).not.toContain(token);
    expect(reader.raw).not.toContain('oauth-body-key');
  });

  it('fingerprints match the shell recipe in the README', () => {
    // printf %s "$KEY" | sha256sum | cut -c1-8
    expect(writeKeyFingerprint('sample-local')).toBe('49d0fa9e');
  });

  it('a real client shows up under its own fingerprint', async () => {
    const reader = await watch();
    const client = new SegmentClient({ writeKey: 'real-client-key', host: url });
    client.track({ userId: 'u', event: 'Real' });
    await client.close();
    await reader.until((frames) => frames.some((frame) => frame.event === 'batch'));
    expect(reader.ofEvent('batch')[0].batch).toMatchObject({ client: writeKeyFingerprint('real-client-key'), messages: [{ message: { event: 'Real' } }] });
  });
});
