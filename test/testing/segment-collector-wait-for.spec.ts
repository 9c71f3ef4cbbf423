import { Agent } from 'undici';
import { SegmentCollector, type CollectedMessage } from '../../lib/testing/index.js';
import { batchOf, collectorPerTest, post, wireMessage } from './collector-http.js';

describe('SegmentCollector.waitFor', () => {
  let collector: SegmentCollector;
  let agent: Agent;
  let url: string;
  collectorPerTest({}, (started) => ({ collector, agent, url } = started));

  const send = (...messages: Array<Record<string, unknown>>) =>
    post(url, '/v1/batch', batchOf(messages), { dispatcher: agent, writeKey: 'secret-write-key' });

  it('resolves once the count is reached, with the messages', async () => {
    const waiting = collector.waitFor(3);

    await send(wireMessage());
    await send(wireMessage(), wireMessage());
    const messages = await waiting;

    expect(messages).toHaveLength(3);
    expect(messages).toEqual(collector.messages);
  });

  it('resolves at once when enough messages are already there', async () => {
    await send(wireMessage());

    await expect(collector.waitFor(1)).resolves.toHaveLength(1);
    await expect(collector.waitFor(0)).resolves.toHaveLength(1);
  });

  it('resolves with a snapshot that later messages do not change', async () => {
    await send(wireMessage());
    const snapshot = await collector.waitFor(1);

    await send(wireMessage());

    expect(snapshot).toHaveLength(1);
    expect(collector.messages).toHaveLength(2);
  });

  it('resolves when a predicate over all messages holds', async () => {
    const done = (messages: readonly CollectedMessage[]) => messages.some((m) => m.event === 'Checkout Done');
    let resolved = false;
    const waiting = collector.waitFor(done, { timeoutMs: 5000 }).finally(() => {
      resolved = true;
    });

    await send(wireMessage({ event: 'Cart Viewed' }));
    expect(resolved).toBe(false);
    await send(wireMessage({ event: 'Checkout Done' }));

    const messages = await waiting;
    expect(messages.map((m: CollectedMessage) => m.event)).toEqual(['Cart Viewed', 'Checkout Done']);
  });

  it('does not count duplicates or refused requests', async () => {
    const message = wireMessage();
    collector.failNext();
    await send(message);
    await send(message);
    await send(message);

    await expect(collector.waitFor(2, { timeoutMs: 10 })).rejects.toThrow(/1 message\(s\) accepted/);
  });

  it('rejects after the timeout saying what did arrive, without the write key', async () => {
    await send(wireMessage({ event: 'Only One' }));
    await post(url, '/v1/batch', batchOf([wireMessage()]), { dispatcher: agent, writeKey: null });

    const error: Error = await collector.waitFor(3, { timeoutMs: 20 }).then(
      () => {
        throw new Error('waitFor should have timed out');
      },
      (reason: Error) => reason,
    );

    expect(error.message).toMatch(/timed out after 20 ms waiting for 3 messages/);
    expect(error.message).toContain('1 message(s) accepted [track "Only One"]');
    expect(error.message).toContain('2 request(s) (answers: 200 x1, 401 x1)');
    expect(error.message).not.toContain('secret-write-key');
  });

  it('rejects with the error a predicate throws', async () => {
    const waiting = collector.waitFor(() => {
      throw new Error('bad predicate');
    });

    await expect(waiting).rejects.toThrow('bad predicate');
  });

  it('rejects pending waits when the collector stops', async () => {
    const waiting = collector.waitFor(1);

    await collector.stop();

    await expect(waiting).rejects.toThrow(/stopped while waitFor was pending/);
  });

  it('refuses a count or timeout that makes no sense', async () => {
    await expect(collector.waitFor(-1)).rejects.toThrow(RangeError);
    await expect(collector.waitFor(1.5)).rejects.toThrow(RangeError);
    await expect(collector.waitFor(1, { timeoutMs: Number.NaN })).rejects.toThrow(RangeError);
  });
});
