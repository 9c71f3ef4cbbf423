import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SegmentCollector } from '../../lib/testing/index.js';
import { RedisServer } from '../support/redis-server.js';
import { runNode } from '../support/run-node.js';
import { privateBuild } from '../testing/support/private-build.js';
import { ChildApp, type ChildMessage } from './support/child-app.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** One private build of the package for every app process of this file, with the fixtures beside it. */
let root: string;
beforeAll(async () => {
  root = await privateBuild('durable-processes');
  for (const name of ['durable-app.mjs', 'optional-peers.mjs', 'durable-nest-app.mjs']) copyFileSync(fixture(name), `${root}${name}`);
}, 120_000);

// App processes run the built package (a private build, as an app installs it) against a real
// redis-server and the collector over HTTP: they crash for real (SIGKILL) and restart.
describe('durable delivery across processes', () => {
  const redis = new RedisServer();
  const collector = new SegmentCollector();
  const children: ChildApp[] = [];
  let queue = 0;

  beforeAll(async () => {
    await Promise.all([redis.start(), collector.start()]);
  });
  afterAll(async () => {
    await Promise.all([redis.dispose(), collector.stop()]);
  });
  beforeEach(() => {
    collector.clear();
    queue++;
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => child.stop()));
  });

  function app(env: Record<string, string>, execArgv?: string[]): ChildApp {
    const child = new ChildApp('durable-app.mjs', {
      cwd: root,
      env: { COLLECTOR_URL: collector.url, REDIS_URL: redis.url(), QUEUE: `processes-${queue}`, VISIBILITY_MS: '1000', ...env },
      execArgv,
    });
    children.push(child);
    return child;
  }

  /** Collects the ids a child reports as persisted until `enough` of them. */
  async function persistedIds(child: ChildApp, enough: number): Promise<string[]> {
    const ids: string[] = [];
    while (ids.length < enough) ids.push(...(await child.next<ChildMessage & { ids: string[] }>('persisted')).ids);
    return ids;
  }

  it('loads bullmq and ioredis only once a client is configured with durable', async () => {
    const run = await runNode('optional-peers.mjs', { cwd: root, env: { COLLECTOR_URL: collector.url, REDIS_URL: redis.url() } });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({ before: false, after: true });
  });

  it('kill -9 mid-stream: a new process with the same settings delivers every messageId persisted before the crash', async () => {
    // Segment is down while the first process runs: what it persisted stays in Redis, some of it
    // claimed by its worker (retrying) when it dies.
    collector.failNext({ times: 100_000, status: 503 });
    const first = app({ PRODUCE: '-1', TURN: '200', LABEL: 'crashing' });
    const persisted = await persistedIds(first, 3_000);
    await first.kill9();

    collector.clear();
    const second = app({ PRODUCE: '0' });
    await second.next('ready');
    const wanted = new Set(persisted);
    const arrived = await collector.waitFor((messages) => messages.filter((message) => wanted.has(message.messageId as string)).length === wanted.size, { timeoutMs: 30_000 });
    expect(arrived.filter((message) => wanted.has(message.messageId as string)).length).toBe(persisted.length);
    second.send({ type: 'close' });
    const closed = await second.next<ChildMessage & { result: { timedOut: boolean } }>('closed');
    expect(closed.result.timedOut).toBe(false);
  });

  it('two processes sharing one queue: every message delivered, none twice', async () => {
    // A generous visibility timeout: on a loaded machine a lock renewal that comes late would
    // count as a crash, and a crash is the one case where a repeat is allowed.
    const one = app({ PRODUCE: '2000', TURN: '100', LABEL: 'one', VISIBILITY_MS: '15000' });
    const two = app({ PRODUCE: '2000', TURN: '100', LABEL: 'two', VISIBILITY_MS: '15000' });
    const [idsOne, idsTwo] = await Promise.all([persistedIds(one, 2_000), persistedIds(two, 2_000)]);
    await collector.waitFor(4_000, { timeoutMs: 30_000 });
    one.send({ type: 'close' });
    two.send({ type: 'close' });
    const [closedOne, closedTwo] = await Promise.all([one.next<ChildMessage & { delivered: string[] }>('closed'), two.next<ChildMessage & { delivered: string[] }>('closed')]);

    expect(new Set(collector.messages.map((message) => message.messageId))).toEqual(new Set([...idsOne, ...idsTwo]));
    expect(collector.messages).toHaveLength(4_000);
    expect(collector.duplicates).toBe(0);
    // Both took part in delivery, and no messageId was delivered by both.
    expect(closedOne.delivered.length + closedTwo.delivered.length).toBe(4_000);
    expect(closedOne.delivered.length).toBeGreaterThan(0);
    expect(closedTwo.delivered.length).toBeGreaterThan(0);
  });

  it('a long outage: 200,000 events while Segment answers 503, memory stays flat (the backlog is in Redis), all delivered after recovery', async () => {
    collector.failNext({ times: 100_000, status: 503 });
    // Batches of 500: the same backlog in fewer jobs and requests, so the test stays short.
    const child = app({ PRODUCE: '200000', TURN: '1000', WARMUP: '20000', MEASURE_RSS: '1', VISIBILITY_MS: '15000', FLUSH_AT: '500' }, ['--expose-gc']);
    const baseline = await child.next<ChildMessage & { held: number }>('rss');
    const end = await child.next<ChildMessage & { held: number; stats: { durable: { persisted: number } } }>('rss');
    await child.next('produced');
    expect(end.stats.durable.persisted).toBe(200_000);
    // What the process holds after a full GC (heap and external memory). 180,000 more messages of
    // about 300 bytes held in memory would add over 50 MB; RSS is not asserted, since Node 24
    // grows its heap's reserve with allocation rate whether or not anything is kept.
    expect(end.held - baseline.held).toBeLessThan(24 * 1024 * 1024);
    expect(collector.messages).toHaveLength(0);

    collector.clear();
    await collector.waitFor(200_000, { timeoutMs: 60_000 });
    child.send({ type: 'close' });
    await child.next('closed');
    expect(collector.messages).toHaveLength(200_000);
  }, 120_000);
});

describe('durable delivery in a Nest app on Express', () => {
  const redis = new RedisServer();
  const collector = new SegmentCollector();
  const children: ChildApp[] = [];

  beforeAll(async () => {
    await Promise.all([redis.start(), collector.start()]);
  });
  afterAll(async () => {
    await Promise.all(children.splice(0).map((child) => child.stop()));
    await Promise.all([redis.dispose(), collector.stop()]);
  });

  const nestApp = (produce: number): ChildApp => {
    const child = new ChildApp('durable-nest-app.mjs', {
      cwd: root,
      env: { COLLECTOR_URL: collector.url, REDIS_URL: redis.url(), QUEUE: 'nest-shop', SHUTDOWN_MS: '2000', PRODUCE: String(produce) },
    });
    children.push(child);
    return child;
  };

  it('SIGTERM with Segment down exits within the shutdown deadline, and the next boot delivers what was left', async () => {
    collector.failNext({ times: 100_000, status: 503 });
    const first = nestApp(1_500);
    const { ids } = await first.next<ChildMessage & { ids: string[] }>('persisted');
    await first.next('listening');
    const signalled = Date.now();
    first.child.kill('SIGTERM');
    const exit = await first.exited;
    // The deadline is 2 s; the margin is for a loaded machine, not for the shutdown.
    expect(Date.now() - signalled).toBeLessThan(2_000 + 5_000);
    expect(exit.code ?? exit.signal).not.toBe('SIGKILL');
    expect(collector.messages).toHaveLength(0);

    collector.clear();
    const second = nestApp(0);
    await second.next('listening');
    const arrived = await collector.waitFor(ids.length, { timeoutMs: 30_000 });
    expect(new Set(arrived.map((message) => message.messageId))).toEqual(new Set(ids));
    second.child.kill('SIGTERM');
    await second.exited;
  });
});
