/**
 * Proves README section "The client on its own" and its subsections "What goes on the wire",
 * "flush() and close()" and "Knowing what happened": each ```ts block below (or in the
 * blocks/ module named) is the README's text verbatim, run against a real SegmentCollector.
 *
 * Blocks that create their client with only a write key (they talk to Segment, as a user's code
 * does) run as modules of their own (blocks/*.ts: they have imports and top-level await), with
 * SEGMENT_WRITE_KEY set and Segment's host routed to the collector (support/segment-hosts.ts).
 */
import { SegmentClient, messageIdFor, LIBRARY_VERSION, type SegmentEvent } from 'nestjs-segment';
import type { FailedMessage, FailureReason, FlushResult as LibraryFlushResult } from 'nestjs-segment';
import { SegmentCollector } from 'nestjs-segment/testing';
import { RecordingLogger } from '../support/recording-logger.js';
import { fieldList, readmeBlock } from './support/readme.js';
import { SEGMENT_US, routeSegmentHosts, type SegmentRoutes } from './support/segment-hosts.js';

const WRITE_KEY = 'readme-client-write-key';

/** `{ a, b?, c }` as README comments list fields: each present field is listed, and no required one is missing. */
function expectFields(actual: object, listed: readonly string[], ignore: readonly string[] = []): void {
  const keys = Object.keys(actual).filter((key) => !ignore.includes(key));
  const all = listed.map((field) => field.replace(/\?$/, ''));
  const required = listed.filter((field) => !field.endsWith('?'));
  expect([...keys].sort()).toEqual(expect.arrayContaining([...required].sort()));
  expect(all).toEqual(expect.arrayContaining(keys));
}

describe('README: The client on its own', () => {
  const savedEnv = { ...process.env };
  let collector: SegmentCollector;
  let routes: SegmentRoutes;

  beforeEach(async () => {
    collector = new SegmentCollector({ writeKeys: [WRITE_KEY] });
    await collector.start();
    routes = routeSegmentHosts({ [SEGMENT_US]: collector.url });
    process.env.SEGMENT_WRITE_KEY = WRITE_KEY;
  });

  afterEach(async () => {
    routes.restore();
    process.env = { ...savedEnv };
    await collector.stop();
  });

  it('the first example sends one message of each of the six calls to Segment, and flush() reports them delivered', async () => {
    const example = await import('./blocks/client-on-its-own.js');

    expect(example.result).toEqual({ delivered: 6, failed: 0, dropped: 0, failures: [] });
    // The comment on the flush() line lists the result's fields.
    const flushLine = readmeBlock('The client on its own', 'ts', 'await client.flush()').body.split('\n').find((line) => line.includes('client.flush()'))!;
    expect(Object.keys(example.result).sort()).toEqual(fieldList(flushLine.slice(flushLine.indexOf('//'))).sort());

    const messages = collector.messages;
    expect(messages.map((message) => message.type)).toEqual(['track', 'identify', 'page', 'screen', 'group', 'alias']);
    expect(messages[0]).toMatchObject({ messageId: example.messageId, userId: 'u1', event: 'Order Completed', properties: { total: 9.5 } });
    expect(messages[1]).toMatchObject({ userId: 'u1', traits: { email: 'ada@example.com', plan: 'pro' } });
    expect(messages[2]).toMatchObject({ anonymousId: 'a-42', name: 'Pricing', category: 'Marketing', properties: { path: '/pricing' } });
    expect(messages[3]).toMatchObject({ userId: 'u1', name: 'Home', category: 'App' });
    expect(messages[4]).toMatchObject({ userId: 'u1', groupId: 'acme', traits: { employees: 120 } });
    expect(messages[5]).toMatchObject({ previousId: 'a-42', userId: 'u1' });
    expect(collector.violations).toEqual([]);

    // "What goes on the wire": the request as the README describes it, to Segment's default host.
    expect(routes.requests.map(({ origin, method, path }) => `${method} ${origin}${path}`)).toEqual(
      collector.requests.map(() => `POST ${SEGMENT_US}/v1/batch`),
    );
    const [request] = collector.requests;
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`);
    expect(request!.headers['content-type']).toMatch(/^application\/json/);
    expect(request!.headers['user-agent']).toBe(`nestjs-segment/${LIBRARY_VERSION}`);
    expect(Object.keys(request!.body as object).sort()).toEqual(['batch', 'sentAt', 'writeKey']);
    for (const message of messages) {
      expect(message.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(message.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(message.context).toEqual({ library: { name: 'nestjs-segment', version: LIBRARY_VERSION } });
    }
  });

  it('What goes on the wire: messageIdFor() derives the messageId from business keys, so a re-run sends the same id', async () => {
    const example = await import('./blocks/message-id-for.js');
    try {
      expect(await example.client.flush()).toMatchObject({ delivered: 1, failed: 0 });
    } finally {
      await example.client.close();
    }

    const expected = messageIdFor('order', 'o-981', 'Order Completed');
    expect(collector.messages).toEqual([expect.objectContaining({ event: 'Order Completed', userId: 'u1', messageId: expected })]);
    // Derived, not random: the same keys give the same id, other keys another; and it fits Segment's limit.
    expect(messageIdFor('order', 'o-981', 'Order Completed')).toBe(expected);
    expect(messageIdFor('order', 'o-982', 'Order Completed')).not.toBe(expected);
    expect(expected.length).toBeLessThan(100);
  });

  describe('flush() and close()', () => {
    it('interface FlushResult is the type of what flush() resolves with: delivered, failed (rejected), dropped (queue_full) and the failures', async () => {
      // README block, verbatim:
      interface FlushResult {
        delivered: number;
        failed: number;   // accepted, then rejected or retries exhausted
        dropped: number;  // refused at the call: queue_full, closed
        reasons?: Partial<Record<FailureReason, number>>; // exact count per reason, when any failed
        failures: FailedMessage[]; // { message, reason, status?, error }, at most 1,000 listed per reason
      }

      const client = new SegmentClient({ writeKey: WRITE_KEY, host: collector.url, flushAt: 1, maxConcurrentRequests: 1, maxQueueSize: 2, logger: new RecordingLogger() });
      try {
        collector.failNext({ status: 400 });
        const rejected = client.track({ userId: 'u1', event: 'Rejected' });
        const delivered = client.track({ userId: 'u1', event: 'Delivered' });
        const dropped = client.track({ userId: 'u1', event: 'Over The Queue Limit' });

        // Type-level: the README's interface and the package's FlushResult are the same shape.
        const result: FlushResult = await client.flush();
        const asLibrary: LibraryFlushResult = result;

        expect(asLibrary).toMatchObject({ delivered: 1, failed: 1, dropped: 1 });
        const failures = result.failures.map((failure) => [failure.message.messageId, failure.reason, failure.status]);
        expect(failures).toHaveLength(2);
        expect(failures).toEqual(expect.arrayContaining([
          [rejected, 'rejected', 400],
          [dropped, 'queue_full', undefined],
        ]));
        expect(collector.messages.map((message) => message.messageId)).toEqual([delivered]);
        const commented = readmeBlock('flush() and close()', 'ts', 'interface FlushResult').body.split('\n').find((line) => line.includes('failures:'))!;
        for (const failure of result.failures) expectFields(failure, fieldList(commented.slice(commented.indexOf('//'))));
      } finally {
        const closed = await client.close({ timeoutMs: 1_000 });
        // close() resolves with { ...FlushResult, timedOut }.
        expect(Object.keys(closed).sort()).toEqual(['delivered', 'dropped', 'failed', 'failures', 'timedOut']);
      }
    });
  });

  describe('Knowing what happened', () => {
    it('events$ emits delivered, retry, failed and dropped events with the fields the comments list, and stats() counts them', async () => {
      const client = new SegmentClient({
        writeKey: WRITE_KEY,
        host: collector.url,
        flushAt: 1,
        maxConcurrentRequests: 1,
        minRetryDelay: 1,
        maxRetryDelay: 1,
        logger: new RecordingLogger(),
      });
      const seen: SegmentEvent[] = [];
      const subscription = client.events$.subscribe((event) => seen.push(event));
      try {
        // README block, verbatim (its subscriber is the reader's to fill in):
        client.events$.subscribe((event) => {
          // 'delivered' { messageIds, status, attempts, bytes }
          // 'retry'     { messageIds, attempt, delayMs, status?, error }
          // 'failed'    { reason: 'rejected' | 'retries_exhausted' | 'shutdown_timeout', messages, error, status? }
          // 'dropped'   { reason: 'queue_full' | 'too_large' | 'invalid' | 'closed' | 'filtered' | 'middleware_error' | 'violation', messages, error }
          // 'violation' { messageId, event, violations, action, error }
        });
        client.stats(); // { queued, inFlight, delivered, failed, dropped, retried, batches, bytesSent, violations }

        collector.failNext({ status: 503 });
        client.track({ userId: 'u1', event: 'Retried Then Delivered' });
        await client.flush();
        collector.failNext({ status: 400 });
        client.track({ userId: 'u1', event: 'Rejected' });
        await client.flush();
        // A call once close() has begun is refused and reported; events$ completes when close() resolves.
        const closing = client.close({ timeoutMs: 1_000 });
        client.track({ userId: 'u1', event: 'After Close' });
        await closing;

        const block = readmeBlock('Knowing what happened', 'ts', 'client.events$.subscribe').body.split('\n');
        const documented = new Map(
          block.flatMap((line) => {
            const match = line.match(/^\s*\/\/ '(\w+)'\s+(\{.*\})\s*$/);
            return match === null ? [] : [[match[1]!, { fields: fieldList(match[2]!), reasons: [...match[2]!.matchAll(/'(\w+)'/g)].map((reason) => reason[1]) }] as const];
          }),
        );
        // 'violation' needs a tracking plan: test/tracking-plan/client-tracking-plan.spec.ts proves its fields.
        expect([...documented.keys()]).toEqual(['delivered', 'retry', 'failed', 'dropped', 'violation']);
        expect(seen.map((event) => event.type)).toEqual(['retry', 'delivered', 'failed', 'dropped']);
        for (const event of seen) {
          const { fields, reasons } = documented.get(event.type)!;
          expectFields(event, fields, ['type']);
          if ('reason' in event) expect(reasons).toContain(event.reason);
        }
        expect(seen).toEqual([
          expect.objectContaining({ type: 'retry', attempt: 1, status: 503 }),
          expect.objectContaining({ type: 'delivered', status: 200, attempts: 2 }),
          expect.objectContaining({ type: 'failed', reason: 'rejected', status: 400 }),
          expect.objectContaining({ type: 'dropped', reason: 'closed' }),
        ]);

        const stats = client.stats();
        const statsLine = block.find((line) => line.includes('client.stats()'))!;
        expect(Object.keys(stats).sort()).toEqual(fieldList(statsLine.slice(statsLine.indexOf('//'))).sort());
        expect(stats).toMatchObject({ queued: 0, inFlight: 0, delivered: 1, failed: 1, dropped: 1, retried: 1, batches: 3 });
      } finally {
        subscription.unsubscribe();
        await client.close({ timeoutMs: 1_000 });
      }
    });
  });
});
