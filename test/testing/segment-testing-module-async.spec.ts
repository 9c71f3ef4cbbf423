import { Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { ExpressAdapter } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { SegmentOptionsError, SegmentService, getSegmentToken } from '../../lib/index.js';
import { SegmentRecorder, SegmentTestingModule, type SegmentTestingClientOptions } from '../../lib/testing/index.js';
import { CheckoutController, CheckoutService } from './kit/checkout.fixture.js';

@Injectable()
class TestingOptions {
  createSegmentOptions(): SegmentTestingClientOptions {
    return { context: { userAgent: false } };
  }
}

@Module({ providers: [TestingOptions], exports: [TestingOptions] })
class TestingOptionsModule {}

describe('SegmentTestingModule.forRootAsync', () => {
  it('takes its options from a factory with injected config, and module-level settings beside it', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ COLLECT_LOCALE: false })] }),
        SegmentTestingModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({ context: { locale: config.get<boolean>('COLLECT_LOCALE')! } }),
          user: (req) => ({ userId: `header:${String((req as { headers: Record<string, string> }).headers['x-user-id'])}` }),
        }),
        SegmentTestingModule.forRoot({ name: 'marketing' }),
      ],
      controllers: [CheckoutController],
      providers: [CheckoutService],
    }).compile();
    const app = moduleRef.createNestApplication(new ExpressAdapter(), { logger: false });
    await app.listen(0, '127.0.0.1');
    try {
      await request(await app.getUrl()).post('/orders').set({ 'x-user-id': 'u-async', 'accept-language': 'de-CH', 'user-agent': 'kit-agent' }).send({ total: 5 }).expect(201);
      const message = app.get(SegmentRecorder).expectTracked('Order Completed', { userId: 'header:u-async' });
      expect(message.context).toMatchObject({ userAgent: 'kit-agent' });
      expect(message.context).not.toHaveProperty('locale');
    } finally {
      await app.close();
    }
  });

  it('takes a useExisting options class, for a named client', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [SegmentTestingModule.forRootAsync({ name: 'marketing', imports: [TestingOptionsModule], useExisting: TestingOptions })],
    }).compile();
    const marketing = moduleRef.get<SegmentService>(getSegmentToken('marketing'));
    marketing.track({ userId: 'u1', event: 'Named' });
    expect(moduleRef.get(SegmentRecorder).forClient('marketing').expectTracked('Named').context).toBeDefined();
    await moduleRef.close();
  });

  it('refuses bad options from a factory with the same SegmentOptionsError as forRoot', async () => {
    const compiling = Test.createTestingModule({ imports: [SegmentTestingModule.forRootAsync({ useFactory: () => ({ shutdownTimeoutMs: -1 }) })] }).compile();
    await expect(compiling).rejects.toThrow(SegmentOptionsError);
  });
});
