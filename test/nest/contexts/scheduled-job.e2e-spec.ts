import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Cron, Interval, ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { SegmentModule, SegmentService, Track } from '../../../lib/index.js';
import type { SegmentCollector } from '../../../lib/testing/index.js';
import { optionsFor, startCollector } from '../support/collector.js';
import { named } from './support/context-test.js';

@Injectable()
class Reports {
  constructor(private readonly segment: SegmentService) {}

  @Cron('0 3 * * *', { name: 'nightly-report' })
  @Track('Report Built', { anonymousId: 'scheduler' })
  async nightly(): Promise<void> {
    await Promise.resolve();
    this.segment.track({ event: 'Report Rows Counted', anonymousId: 'scheduler', properties: { rows: 3 } });
  }

  // Written the other way round: the schedule's metadata lands on the package's wrapper.
  @Track('Cache Warmed', { anonymousId: 'scheduler' })
  @Interval('warm-cache', 3_600_000)
  warm(): void {}

  @Track('Report Exported', { anonymousId: 'scheduler' })
  export(): string {
    return 'reports.csv';
  }
}

describe('scheduled jobs (@nestjs/schedule) and provider methods: decorated methods tell what ran them', () => {
  let collector: SegmentCollector;
  let app: INestApplicationContext;

  beforeEach(async () => {
    collector = await startCollector();
    @Module({ imports: [ScheduleModule.forRoot(), SegmentModule.forRoot(optionsFor(collector))], providers: [Reports] })
    class JobsModule {}
    app = await NestFactory.createApplicationContext(JobsModule, { logger: false });
  });
  afterEach(async () => {
    await app.close();
    await collector.stop();
  });

  it('a @Cron job, fired through the SchedulerRegistry, sends its name, and so do the calls inside it', async () => {
    await app.get(SchedulerRegistry).getCronJob('nightly-report').fireOnTick();
    const messages = await collector.waitFor((all) => named(all, 'Report Built').length === 1 && named(all, 'Report Rows Counted').length === 1);
    const job = { kind: 'job', schedule: 'cron', name: 'nightly-report', target: 'Reports.nightly' };
    expect(named(messages, 'Report Rows Counted')[0]!.context).toEqual({ handler: job, library: expect.any(Object) });
    expect(named(messages, 'Report Built')[0]!.context).toEqual({ handler: job, library: expect.any(Object) });
  });

  it('an @Interval job below the decorator, and a plain provider method', async () => {
    app.get(Reports).warm();
    expect(app.get(Reports).export()).toBe('reports.csv');
    await app.get(SegmentService).flush();
    expect(named(collector.messages, 'Cache Warmed')[0]!.context).toEqual({
      handler: { kind: 'job', schedule: 'interval', name: 'warm-cache', target: 'Reports.warm' },
      library: expect.any(Object),
    });
    expect(named(collector.messages, 'Report Exported')[0]!.context).toEqual({ handler: { kind: 'method', target: 'Reports.export' }, library: expect.any(Object) });
  });
});
