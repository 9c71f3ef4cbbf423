import { Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import {
  SegmentModule,
  SegmentService,
  getSegmentToken,
  segmentConfig,
  type SegmentModuleOptions,
  type SegmentOptionsFactory,
} from '../../lib/index.js';
import type { SegmentCollector } from '../../lib/testing/index.js';
import { WRITE_KEY, optionsFor, startCollector, writeKeysByMessageId } from './support/collector.js';

describe('SegmentModule registration', () => {
  let collector: SegmentCollector;

  beforeEach(async () => {
    collector = await startCollector();
  });
  afterEach(async () => {
    await collector.stop();
  });

  async function trackThrough(imports: NonNullable<Parameters<typeof Test.createTestingModule>[0]['imports']>, token: unknown = SegmentService) {
    const moduleRef = await Test.createTestingModule({ imports }).compile();
    await moduleRef.init();
    const service = moduleRef.get<SegmentService>(token as typeof SegmentService);
    const messageId = service.track({ userId: 'u1', event: 'Registered' });
    await service.flush();
    await moduleRef.close();
    return { messageId, service };
  }

  it('forRoot: the default client is injectable as SegmentService and delivers', async () => {
    const { messageId } = await trackThrough([SegmentModule.forRoot(optionsFor(collector))]);
    expect(collector.messages).toEqual([expect.objectContaining({ messageId, type: 'track', event: 'Registered', userId: 'u1' })]);
    expect(writeKeysByMessageId(collector).get(messageId)).toBe(WRITE_KEY);
  });

  it('forRootAsync with useFactory and inject', async () => {
    const { messageId } = await trackThrough([
      SegmentModule.forRootAsync({
        imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ segmentHost: collector.url })] })],
        inject: [ConfigService],
        useFactory: (config: ConfigService) => optionsFor(collector, { host: config.get<string>('segmentHost') }),
      }),
    ]);
    expect(collector.messages.map((message) => message.messageId)).toEqual([messageId]);
  });

  it('forRootAsync with useClass', async () => {
    const host = collector.url;
    @Injectable()
    class SegmentOptionsFromClass implements SegmentOptionsFactory {
      createSegmentOptions(): SegmentModuleOptions {
        return { writeKey: WRITE_KEY, host, flushInterval: 5 };
      }
    }
    const { messageId } = await trackThrough([SegmentModule.forRootAsync({ useClass: SegmentOptionsFromClass })]);
    expect(collector.messages.map((message) => message.messageId)).toEqual([messageId]);
  });

  it('forRootAsync with useExisting', async () => {
    const host = collector.url;
    @Injectable()
    class SharedSegmentOptions implements SegmentOptionsFactory {
      async createSegmentOptions(): Promise<SegmentModuleOptions> {
        return { writeKey: WRITE_KEY, host, flushInterval: 5 };
      }
    }
    @Module({ providers: [SharedSegmentOptions], exports: [SharedSegmentOptions] })
    class OptionsModule {}
    const { messageId } = await trackThrough([SegmentModule.forRootAsync({ imports: [OptionsModule], useExisting: SharedSegmentOptions })]);
    expect(collector.messages.map((message) => message.messageId)).toEqual([messageId]);
  });

  describe('forRootAsync(segmentConfig.asProvider())', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env = { ...saved };
    });

    it('reads SEGMENT_* through @nestjs/config', async () => {
      Object.assign(process.env, {
        SEGMENT_WRITE_KEY: 'wk_from_env',
        SEGMENT_HOST: collector.url,
        SEGMENT_FLUSH_AT: '3',
        SEGMENT_FLUSH_INTERVAL: '5',
        SEGMENT_GZIP: 'true',
      });
      const { messageId } = await trackThrough([ConfigModule.forRoot({ ignoreEnvFile: true }), SegmentModule.forRootAsync(segmentConfig.asProvider())]);
      expect(writeKeysByMessageId(collector).get(messageId)).toBe('wk_from_env');
      expect(collector.requests[0]!.headers['content-encoding']).toBe('gzip');
    });

    it('parses and types the variables; unset ones are left out', () => {
      Object.assign(process.env, {
        SEGMENT_WRITE_KEY: 'wk',
        SEGMENT_FLUSH_AT: '20',
        SEGMENT_FLUSH_INTERVAL: '250',
        SEGMENT_MAX_QUEUE_SIZE: '5000',
        SEGMENT_GZIP: 'yes',
        SEGMENT_DISABLE: '0',
        SEGMENT_DEBUG: 'off',
        SEGMENT_REGION: 'EU',
      });
      delete process.env.SEGMENT_HOST;
      expect(segmentConfig()).toEqual({ writeKey: 'wk', region: 'eu', flushAt: 20, flushInterval: 250, maxQueueSize: 5000, gzip: true, disable: false, debug: false });
    });
  });

  it('named clients: each forRoot with a name registers its own client with its own write key', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        SegmentModule.forRoot(optionsFor(collector, { writeKey: 'wk_default' })),
        SegmentModule.forRoot({ ...optionsFor(collector, { writeKey: 'wk_marketing' }), name: 'marketing' }),
      ],
    }).compile();
    await moduleRef.init();
    const defaultClient = moduleRef.get(SegmentService);
    const marketing = moduleRef.get<SegmentService>(getSegmentToken('marketing'));
    expect(marketing).not.toBe(defaultClient);
    const fromDefault = defaultClient.track({ userId: 'u1', event: 'A' });
    const fromMarketing = marketing.track({ userId: 'u1', event: 'B' });
    await Promise.all([defaultClient.flush(), marketing.flush()]);
    const keys = writeKeysByMessageId(collector);
    expect(keys.get(fromDefault)).toBe('wk_default');
    expect(keys.get(fromMarketing)).toBe('wk_marketing');
    await moduleRef.close();
  });

  it('getSegmentToken works with overrideProvider', async () => {
    const fake = { track: () => 'fake-id' };
    const moduleRef = await Test.createTestingModule({
      imports: [SegmentModule.forRoot({ ...optionsFor(collector), name: 'marketing' })],
    })
      .overrideProvider(getSegmentToken('marketing'))
      .useValue(fake)
      .compile();
    expect(moduleRef.get(getSegmentToken('marketing'))).toBe(fake);
    expect(getSegmentToken()).toBe(SegmentService);
    await moduleRef.close();
  });

  it('outside a request the service behaves like the bare client, and still throws on bad input', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SegmentModule.forRoot(optionsFor(collector))] }).compile();
    const service = moduleRef.get(SegmentService);
    expect(() => service.track({ event: 'No user' })).toThrow(expect.objectContaining({ name: 'SegmentValidationError', field: 'userId' }));
    const id = service.identify({ userId: 'u1', traits: { plan: 'pro' }, context: { app: { name: 'x' } } });
    await service.flush();
    expect(collector.messages).toEqual([expect.objectContaining({ messageId: id, traits: { plan: 'pro' }, context: expect.objectContaining({ app: { name: 'x' } }) })]);
    expect(collector.messages[0]!.context).not.toHaveProperty('ip');
    expect(service.stats()).toEqual(expect.objectContaining({ delivered: 1, dropped: 1 }));
    await moduleRef.close();
  });
});
