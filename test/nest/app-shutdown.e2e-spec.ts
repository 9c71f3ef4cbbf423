import { SegmentModule, SegmentService, getSegmentToken, sample } from '../../lib/index.js';
import { SegmentCollector } from '../../lib/testing/index.js';
import { RecordingLogger } from '../support/recording-logger.js';
import { ADAPTERS, bootApp, type RunningApp } from './support/adapters.js';

const CLIENTS = [undefined, 'marketing', 'billing'] as const;

/** A logger that also notes when each line was written, to compare with when requests arrived. */
class TimedLogger extends RecordingLogger {
  readonly writtenAt: number[] = [];

  override warn(message: string): void {
    this.writtenAt.push(Date.now());
    super.warn(message);
  }
}

describe.each(ADAPTERS)('one shutdown deadline per app ($name)', (adapter) => {
  const collector = new SegmentCollector();
  let running: RunningApp | undefined;

  beforeAll(() => collector.start());
  afterAll(() => collector.stop());
  afterEach(async () => {
    await running?.app.close();
    running = undefined;
    collector.clear();
  });

  it('closes three clients at once with Segment unreachable: every request is out before any client gives up, and each loss is logged once', async () => {
    const loggers = CLIENTS.map(() => new TimedLogger());
    const options = (index: number) => ({
      writeKey: `wk_${CLIENTS[index] ?? 'default'}`,
      host: collector.url,
      flushInterval: 60_000,
      shutdownTimeoutMs: 1_000,
      logger: loggers[index]!,
    });
    running = await bootApp(adapter, {
      imports: [
        SegmentModule.forRoot(options(0)),
        SegmentModule.forRoot({ ...options(1), name: 'marketing' }),
        SegmentModule.forRootAsync({ name: 'billing', useFactory: () => options(2) }),
      ],
    });
    // Segment takes every request and never answers within the deadline.
    collector.delayNext({ times: 10, ms: 60_000 });
    for (const name of CLIENTS) running.app.get<SegmentService>(getSegmentToken(name)).track({ userId: 'u1', event: `Queued for ${name ?? 'default'}` });

    await running.app.close();
    running = undefined;

    // In turn, the second client's request would only leave after the first client's deadline.
    const lastRequest = Math.max(...collector.requests.map((request) => request.receivedAt.getTime()));
    const firstGaveUp = Math.min(...loggers.flatMap((logger) => logger.writtenAt));
    expect(collector.requests).toHaveLength(3);
    expect(lastRequest).toBeLessThanOrEqual(firstGaveUp);
    for (const logger of loggers) {
      expect(logger.at('warn')).toEqual(['shutdown flush: 1 message not delivered (shutdown_timeout: 1) after the deadline.']);
      expect(logger.at('error')).toEqual([]);
    }
  });

  it('does not count messages a sampler filtered out on purpose as lost', async () => {
    const logger = new TimedLogger();
    running = await bootApp(adapter, {
      imports: [SegmentModule.forRoot({ writeKey: 'wk_sampled', host: collector.url, flushInterval: 60_000, logger, middleware: [sample({ events: { Sampled: 0 } })] })],
    });
    const segment = running.app.get(SegmentService);
    for (let i = 0; i < 3; i++) segment.track({ userId: 'u1', event: 'Sampled' });
    segment.track({ userId: 'u1', event: 'Kept' });

    await running.app.close();
    running = undefined;

    expect(collector.messages.map((message) => message.event)).toEqual(['Kept']);
    expect(logger.at('warn').filter((line) => line.startsWith('shutdown flush'))).toEqual([]);
  });
});
