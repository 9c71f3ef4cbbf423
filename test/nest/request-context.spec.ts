import type { CallHandler, ExecutionContext } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { lastValueFrom, of } from 'rxjs';
import { SegmentClient, SegmentService, Track } from '../../lib/index.js';
import { SegmentRequestContextInterceptor } from '../../lib/nest/request-context.interceptor.js';
import { anonymizeIp, normalizeIp } from '../../lib/nest/client-ip.js';
import { preferredLocale } from '../../lib/nest/accept-language.js';
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

/** A minimal ExecutionContext of a given type, as GraphQL and RPC transports build them. */
function contextOf(type: string, args: unknown[], handler: object = contextOf): ExecutionContext {
  return {
    getType: () => type,
    getArgs: () => args,
    getArgByIndex: (index: number) => args[index],
    switchToHttp: () => ({ getRequest: () => args[0], getResponse: () => args[1], getNext: () => args[2] }),
    switchToRpc: () => ({ getData: () => args[0], getContext: () => args[1] }),
    switchToWs: () => ({ getData: () => args[1], getClient: () => args[0], getPattern: () => '' }),
    getClass: () => Object,
    getHandler: () => handler,
  } as unknown as ExecutionContext;
}

describe('request context across transports (without importing @nestjs/graphql or microservices)', () => {
  let collector: SegmentCollector;
  let service: SegmentService;
  let interceptor: SegmentRequestContextInterceptor;

  beforeEach(async () => {
    collector = await startCollector();
    const logger = new RecordingLogger();
    service = new SegmentService(new SegmentClient(optionsFor(collector)), { logger });
    interceptor = new SegmentRequestContextInterceptor(service, {}, logger, { get: () => service } as unknown as ModuleRef);
  });
  afterEach(async () => {
    await service.close();
    await collector.stop();
  });

  const handler = (): CallHandler => ({
    handle: () => {
      const id = service.track({ event: 'Handled', anonymousId: 'a1' });
      return of(id);
    },
  });

  it('RPC passes through: no request, the bare client', async () => {
    await lastValueFrom(interceptor.intercept(contextOf('rpc', [{ data: 1 }, {}]), handler()));
    await service.flush();
    expect(collector.messages[0]!.context).toEqual({ library: expect.any(Object) });
  });

  it('RPC handlers still send their decorator messages, with what the mappers give', async () => {
    class Jobs {
      @Track('Job Done', { anonymousId: ({ args }) => (args[0] as { jobId: string }).jobId })
      run(): string {
        return 'done';
      }
    }
    await lastValueFrom(interceptor.intercept(contextOf('rpc', [{ jobId: 'job-1' }, {}], Jobs.prototype.run), { handle: () => of('done') }));
    await service.flush();
    expect(collector.messages).toEqual([expect.objectContaining({ event: 'Job Done', anonymousId: 'job-1', context: { library: expect.any(Object) } })]);
  });

  it('GraphQL reads the request from the context argument (Apollo `req`)', async () => {
    const req = { headers: { 'user-agent': 'gql-agent', 'accept-language': 'de' }, ip: '::ffff:198.51.100.4', user: { id: 'u9' } };
    await lastValueFrom(interceptor.intercept(contextOf('graphql', [undefined, {}, { req }, {}]), { handle: () => of(service.track({ event: 'Resolved' })) }));
    await service.flush();
    expect(collector.messages[0]).toEqual(
      expect.objectContaining({ userId: 'u9', context: expect.objectContaining({ ip: '198.51.100.4', userAgent: 'gql-agent', locale: 'de' }) }),
    );
  });

  it('GraphQL without a request (subscriptions) passes through', async () => {
    await lastValueFrom(interceptor.intercept(contextOf('graphql', [undefined, {}, { connectionParams: {} }, {}]), handler()));
    await service.flush();
    expect(collector.messages).toHaveLength(1);
  });

  it('inside a request the caller wins field by field, page is merged, and bad input still throws', async () => {
    const req = { headers: { 'user-agent': 'ua', host: 'shop.test' }, ip: '192.0.2.1', url: '/cart?x=1', protocol: 'https', user: { id: 'u1' } };
    let thrown: unknown;
    await lastValueFrom(
      interceptor.intercept(contextOf('http', [req, {}, undefined]), {
        handle: () => {
          service.track({ event: 'Merged', anonymousId: 'anon', context: { ip: '0.0.0.0', page: { title: 'Cart' }, userAgent: undefined } });
          try {
            service.track({ event: 'Bad', context: 'not an object' as never });
          } catch (error) {
            thrown = error;
          }
          return of(null);
        },
      }),
    );
    await service.flush();
    expect(thrown).toEqual(expect.objectContaining({ name: 'SegmentValidationError', field: 'context' }));
    const [message] = collector.messages;
    // The caller named an anonymousId, so the request's user is not added.
    expect(message).toEqual(expect.objectContaining({ anonymousId: 'anon' }));
    expect(message).not.toHaveProperty('userId');
    expect(message!.context).toEqual({
      ip: '0.0.0.0',
      page: { path: '/cart', search: '?x=1', url: 'https://shop.test/cart?x=1', title: 'Cart' },
      library: expect.any(Object),
    });
  });

  it('computes the context once per request, on the first message, and caches it', async () => {
    let reads = 0;
    const req = {
      headers: { 'user-agent': 'ua' },
      get ip() {
        reads++;
        return '192.0.2.1';
      },
    };
    await lastValueFrom(
      interceptor.intercept(contextOf('http', [req, {}, undefined]), {
        handle: () => {
          expect(reads).toBe(0);
          service.track({ event: 'One', userId: 'u' });
          service.track({ event: 'Two', userId: 'u' });
          return of(null);
        },
      }),
    );
    expect(reads).toBe(1);
  });
});
