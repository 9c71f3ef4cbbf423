import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SegmentClient, SegmentModule, SegmentService, Track, type SegmentHttpRequest } from '../../lib/index.js';
import { RequestContextStore, runInRequestStore } from '../../lib/nest/request-context/request-context.store.js';
import { anonymizeIp, normalizeIp } from '../../lib/nest/request-context/client-ip.js';
import { preferredLocale } from '../../lib/nest/request-context/accept-language.js';
import type { SegmentCollector } from '../../lib/testing/index.js';
import { optionsFor, startCollector } from './support/collector.js';
import { RecordingLogger } from '../support/recording-logger.js';

describe('client IP', () => {
  it.each([
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:10.0.0.1', '10.0.0.1'],
    ['203.0.113.7', '203.0.113.7'],
    ['2001:db8::1', '2001:db8::1'],
    ['not an ip', undefined],
    [undefined, undefined],
  ])('normalizes %s to %s', (raw, expected) => {
    expect(normalizeIp(raw)).toBe(expected);
  });

  it.each([
    ['203.0.113.7', '203.0.113.0'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
    ['2001:db8::1', '2001:db8::'],
    ['::1', '::'],
    ['fe80::1%eth0', 'fe80::'],
    ['64:ff9b::192.0.2.33', '64:ff9b::'],
  ])('anonymizes %s to %s', (raw, expected) => {
    expect(anonymizeIp(raw)).toBe(expected);
  });
});

describe('Accept-Language', () => {
  it.each([
    ['fr-CH, fr;q=0.9, en;q=0.8', 'fr-CH'],
    ['en;q=0.5, de-DE;q=0.8', 'de-DE'],
    ['*', undefined],
    ['*, es', 'es'],
    ['', undefined],
    [undefined, undefined],
    ['<script>', undefined],
  ])('%s -> %s', (header, expected) => {
    expect(preferredLocale(header)).toBe(expected);
  });
});

describe('request context', () => {
  let collector: SegmentCollector;
  let service: SegmentService;

  beforeEach(async () => {
    collector = await startCollector();
    service = new SegmentService(new SegmentClient(optionsFor(collector)), { logger: new RecordingLogger() });
  });
  afterEach(async () => {
    await service.close();
    await collector.stop();
  });

  function inRequest<T>(request: SegmentHttpRequest, work: () => T): T {
    return runInRequestStore(new RequestContextStore(request), work);
  }

  it('outside a request, messages go with the bare client context', async () => {
    service.track({ event: 'Handled', anonymousId: 'a1' });
    await service.flush();
    expect(collector.messages[0]!.context).toEqual({ library: expect.any(Object) });
  });

  it('inside a request the caller wins field by field, page is merged, and bad input still throws', async () => {
    const req = { headers: { 'user-agent': 'ua', host: 'shop.test' }, ip: '192.0.2.1', url: '/cart?x=1', protocol: 'https', user: { id: 'u1' } };
    let thrown: unknown;
    inRequest(req, () => {
      service.track({ event: 'Merged', anonymousId: 'anon', context: { ip: '0.0.0.0', page: { title: 'Cart' }, userAgent: undefined } });
      try {
        service.track({ event: 'Bad', context: 'not an object' as never });
      } catch (error) {
        thrown = error;
      }
    });
    await service.flush();
    expect(thrown).toEqual(expect.objectContaining({ name: 'SegmentValidationError', field: 'context' }));
    const [message] = collector.messages;
    // The caller named an anonymousId, so the request's user is not added.
    expect(message).toEqual(expect.objectContaining({ anonymousId: 'anon' }));
    expect(message).not.toHaveProperty('userId');
    expect(message!.context).toEqual({
      ip: '0.0.0.0',
      page: { path: '/cart', search: '?x=1', url: 'https://shop.test/cart?x=1', title: 'Cart' },
      handler: { kind: 'http' },
      library: expect.any(Object),
    });
  });

  it('computes the context once per request, on the first message, and caches it', () => {
    let reads = 0;
    const req = {
      headers: { 'user-agent': 'ua' },
      get ip() {
        reads++;
        return '192.0.2.1';
      },
    };
    inRequest(req, () => {
      expect(reads).toBe(0);
      service.track({ event: 'One', userId: 'u' });
      service.track({ event: 'Two', userId: 'u' });
    });
    expect(reads).toBe(1);
  });
});

describe('decorators outside HTTP (jobs, RPC handlers, provider methods)', () => {
  let collector: SegmentCollector;
  let app: INestApplicationContext | undefined;

  beforeEach(async () => {
    collector = await startCollector();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await collector.stop();
  });

  @Injectable()
  class Jobs {
    @Track('Job Done', { anonymousId: ({ args }) => (args[0] as { jobId: string }).jobId, properties: ({ result, request }) => ({ result, inRequest: request !== undefined }) })
    async run(job: { jobId: string }): Promise<string> {
      return `done ${job.jobId}`;
    }
  }

  it('send with what the mappers give (the method\'s own arguments and result, no request), told as handled by the method', async () => {
    @Module({ imports: [SegmentModule.forRoot(optionsFor(collector))], providers: [Jobs] })
    class JobsModule {}
    app = await NestFactory.createApplicationContext(JobsModule, { logger: false });
    await expect(app.get(Jobs).run({ jobId: 'job-1' })).resolves.toBe('done job-1');
    await app.get(SegmentService).flush();
    expect(collector.messages).toEqual([
      expect.objectContaining({ event: 'Job Done', anonymousId: 'job-1', properties: { result: 'done job-1', inRequest: false }, context: { handler: { kind: 'method', target: 'Jobs.run' }, library: expect.any(Object) } }),
    ]);
  });

  it('a decorated method called on an instance no app owns just runs', async () => {
    await expect(new Jobs().run({ jobId: 'job-2' })).resolves.toBe('done job-2');
    expect(collector.messages).toEqual([]);
  });
});
