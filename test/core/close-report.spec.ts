import { SegmentClient, type SegmentClientOptions } from '../../lib/index.js';
import { SegmentCollector } from '../../lib/testing/index.js';
import { closeAfterEach } from '../support/close-after-each.js';
import { RecordingLogger } from '../support/recording-logger.js';

describe('close report after an overflow', () => {
  const collector = new SegmentCollector();
  const keep = closeAfterEach({ timeoutMs: 0 });
  let logger: RecordingLogger;
  const client = (options: Partial<SegmentClientOptions> = {}) =>
    keep(new SegmentClient({ writeKey: 'overflow-key', host: collector.url, logger, ...options }));

  beforeAll(() => collector.start());
  afterAll(() => collector.stop());
  beforeEach(() => {
    collector.clear();
    logger = new RecordingLogger();
  });

  it('counts every reason exactly, lists examples of each reason, and logs the shutdown loss from the counts', async () => {
    // Segment holds every answer past the deadline: nothing is delivered.
    collector.delayNext({ times: 100, ms: 60_000 });
    const segment = client({ maxQueueSize: 1_000, minRetryDelay: 3_600_000, maxRetryDelay: 3_600_000, maxRetryDuration: 86_400_000 });
    for (let i = 0; i < 2_100; i++) segment.track({ userId: 'u', event: 'Overflow' });

    const result = await segment.close({ timeoutMs: 200 });

    expect(result).toMatchObject({ delivered: 0, failed: 1_000, dropped: 1_100, timedOut: true, reasons: { queue_full: 1_100, shutdown_timeout: 1_000 } });
    const listed = (reason: string) => result.failures.filter((failure) => failure.reason === reason).length;
    expect(listed('queue_full')).toBe(1_000);
    expect(listed('shutdown_timeout')).toBe(1_000);
    expect(logger.at('warn')).toContain('closed after 200 ms with 1000 messages undelivered (shutdown_timeout).');
    expect(logger.text()).not.toMatch(/with 0 messages undelivered/);
  });
});
