import { gzipSync } from 'node:zlib';
import { Agent } from 'undici';
import { MAX_BATCH_MESSAGES, MAX_BODY_BYTES, MAX_MESSAGE_BYTES, SegmentCollector } from '../../lib/testing/index.js';
import { batchOf, collectorPerTest, post, wireMessage } from './collector-http.js';

/** A message whose JSON is exactly `bytes` UTF-8 bytes, padded with 2-byte characters where it can. */
function messageOfBytes(bytes: number): Record<string, unknown> {
  const message = wireMessage({ properties: { pad: '' } });
  const base = Buffer.byteLength(JSON.stringify(message));
  const missing = bytes - base;
  (message.properties as { pad: string }).pad = 'é'.repeat(Math.floor(missing / 2)) + 'x'.repeat(missing % 2);
  expect(Buffer.byteLength(JSON.stringify(message))).toBe(bytes);
  return message;
}

describe('SegmentCollector limits', () => {
  let collector: SegmentCollector;
  let agent: Agent;
  let url: string;
  collectorPerTest({}, (started) => ({ collector, agent, url } = started));

  it('states Segment limits in bytes and messages', () => {
    expect([MAX_MESSAGE_BYTES, MAX_BODY_BYTES, MAX_BATCH_MESSAGES]).toEqual([32 * 1024, 500 * 1024, 2500]);
  });

  it('accepts a message of exactly 32 KB, counted in UTF-8 bytes', async () => {
    const result = await post(url, '/v1/batch', batchOf([messageOfBytes(MAX_MESSAGE_BYTES)]), { dispatcher: agent });

    expect(result.status).toBe(200);
    expect(collector.messages).toHaveLength(1);
  });

  it.each(['/v1/batch', '/v1/track'])('answers 400 to a message one byte over 32 KB on %s', async (path) => {
    const message = messageOfBytes(MAX_MESSAGE_BYTES + 1);
    const body = path === '/v1/batch' ? batchOf([wireMessage(), message]) : message;

    const result = await post(url, path, body, { dispatcher: agent });

    expect(result.status).toBe(400);
    expect(result.json).toMatchObject({ success: false, code: 'message_too_large' });
    expect(result.json.message).toContain('32 KB');
    expect(collector.messages).toEqual([]);
  });

  it('answers 400 to a body over 500 KB even when every message fits', async () => {
    const messages = Array.from({ length: 17 }, () => messageOfBytes(30 * 1024));

    const result = await post(url, '/v1/batch', batchOf(messages), { dispatcher: agent });

    expect(result.status).toBe(400);
    expect(result.json).toMatchObject({ success: false, code: 'body_too_large' });
    expect(result.json.message).toContain('500 KB');
    expect(collector.messages).toEqual([]);
  });

  it('applies the 500 KB limit to the gunzipped body, not the wire bytes', async () => {
    const messages = Array.from({ length: 17 }, () => messageOfBytes(30 * 1024));

    const result = await post(url, '/v1/batch', batchOf(messages), { dispatcher: agent, gzip: true });

    expect(collector.requests[0].rawBody.length).toBeLessThan(MAX_BODY_BYTES);
    expect(result.status).toBe(400);
    expect(result.json.code).toBe('body_too_large');
  });

  it(`accepts ${MAX_BATCH_MESSAGES} messages and answers 400 to one more`, async () => {
    const tiny = (i: number) => ({
      type: 'track',
      event: 'e',
      userId: 'u',
      messageId: `m-${i}`,
      timestamp: '2024-01-01T00:00:00.000Z',
    });
    const full = Array.from({ length: MAX_BATCH_MESSAGES }, (_, i) => tiny(i));

    const accepted = await post(url, '/v1/batch', batchOf(full), { dispatcher: agent });
    const refused = await post(url, '/v1/batch', batchOf([...full, tiny(MAX_BATCH_MESSAGES)]), { dispatcher: agent });

    expect(accepted.status).toBe(200);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ success: false, code: 'batch_too_large' });
    expect(refused.json.message).toContain(String(MAX_BATCH_MESSAGES));
    expect(collector.messages).toHaveLength(MAX_BATCH_MESSAGES);
    expect(collector.duplicates).toBe(0);
  });

  it.each([
    ['invalid JSON', '{"batch": [', 'invalid_json'],
    ['a batch that is not an array', JSON.stringify({ batch: { 0: {} } }), 'invalid_body'],
    ['a body that is not an object', JSON.stringify([1, 2]), 'invalid_body'],
    ['a batch entry that is not an object', JSON.stringify({ batch: ['track'] }), 'invalid_body'],
  ])('answers 400 to %s', async (_case, body, code) => {
    const result = await post(url, '/v1/batch', body, { dispatcher: agent });

    expect(result.status).toBe(400);
    expect(result.json).toMatchObject({ success: false, code });
    expect(collector.requests[0].status).toBe(400);
  });

  it('answers 400 to a gzip header over a body that is not gzip', async () => {
    const result = await post(url, '/v1/batch', batchOf([wireMessage()]), {
      dispatcher: agent,
      headers: { 'content-encoding': 'gzip' },
    });

    expect(result.status).toBe(400);
    expect(result.json.code).toBe('invalid_gzip');
  });

  it('answers 400 to an encoding it does not speak', async () => {
    const result = await post(url, '/v1/batch', batchOf([wireMessage()]), {
      dispatcher: agent,
      headers: { 'content-encoding': 'br' },
    });

    expect(result.status).toBe(400);
    expect(result.json.code).toBe('unsupported_encoding');
  });

  it('stops gunzipping a bomb at the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, ' '));
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES);

    const result = await post(url, '/v1/batch', bomb, {
      dispatcher: agent,
      headers: { 'content-encoding': 'gzip' },
    });

    expect(result.status).toBe(400);
    expect(result.json.code).toBe('body_too_large');
  });
});
