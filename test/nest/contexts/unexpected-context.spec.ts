import { Logger, type CallHandler, type ExecutionContext } from '@nestjs/common';
import fc from 'fast-check';
import { lastValueFrom, of } from 'rxjs';
import { SegmentClient, SegmentContextInterceptor, SegmentService, type MessageContext } from '../../../lib/index.js';
import { RequestContextStore, runInRequestStore } from '../../../lib/nest/request-context/request-context.store.js';
import type { SegmentCollector } from '../../../lib/testing/index.js';
import { RecordingLogger } from '../../support/recording-logger.js';
import { optionsFor, startCollector } from '../support/collector.js';

/** Something an adapter could plausibly hand over, mangled: the fields the package reads, of any type. */
const requestLike = fc.record(
  {
    headers: fc.oneof(fc.dictionary(fc.constantFrom('user-agent', 'accept-language', 'host', 'referer', 'x-user-id'), fc.anything()), fc.anything()),
    ip: fc.oneof(fc.constantFrom('203.0.113.7', '::ffff:10.0.0.1', '2001:db8::1'), fc.anything()),
    url: fc.oneof(fc.webPath(), fc.anything()),
    method: fc.anything(),
    route: fc.anything(),
    routeOptions: fc.anything(),
    protocol: fc.anything(),
    host: fc.anything(),
    user: fc.anything(),
  },
  { requiredKeys: [] },
);
const graphqlPath = fc.letrec<{ path: unknown }>((tie) => ({ path: fc.oneof({ depthSize: 'small' }, fc.anything(), fc.record({ key: fc.anything(), prev: tie('path') })) })).path;
const infoLike = fc.record({ fieldName: fc.anything(), parentType: fc.anything(), path: graphqlPath, operation: fc.anything() }, { requiredKeys: [] });
const piece = fc.oneof(fc.anything(), requestLike, fc.record({ req: requestLike }), fc.record({ reply: fc.record({ request: requestLike }) }), infoLike, fc.record({ handshake: fc.anything(), _socket: fc.anything() }), fc.record({ getPattern: fc.constant(() => ({ cmd: 'x' })) }));

interface Shape {
  type: unknown;
  args: unknown[];
  named: boolean;
  throwing: 'none' | 'getType' | 'switch' | 'getClass';
  joined: boolean;
}

const shapes = fc.record<Shape>({
  type: fc.oneof(fc.constantFrom('http', 'graphql', 'rpc', 'ws', 'kafka', ''), fc.anything()),
  args: fc.array(piece, { maxLength: 5 }),
  named: fc.boolean(),
  throwing: fc.constantFrom('none', 'getType', 'switch', 'getClass'),
  joined: fc.boolean(),
});

function executionContext({ type, args, named, throwing }: Shape): ExecutionContext {
  const fail = (): never => {
    throw new TypeError('not this kind of context');
  };
  const at = (index: number): unknown => args[index];
  const handler = named ? function handle(): void {} : (undefined as unknown as () => void);
  return {
    getType: () => (throwing === 'getType' ? fail() : type),
    getArgs: () => args,
    getArgByIndex: at,
    switchToHttp: () => (throwing === 'switch' ? fail() : { getRequest: () => at(0), getResponse: () => at(1), getNext: () => at(2) }),
    switchToRpc: () => (throwing === 'switch' ? fail() : { getData: () => at(0), getContext: () => at(1) }),
    switchToWs: () => (throwing === 'switch' ? fail() : { getClient: () => at(0), getData: () => at(1), getPattern: () => at(args.length - 1) }),
    getClass: () => (throwing === 'getClass' ? fail() : named ? class Handlers {} : undefined),
    getHandler: () => handler,
  } as unknown as ExecutionContext;
}

/** Every value of a handler context is a string: nothing a warehouse would choke on. */
function isFlatStrings(value: unknown): boolean {
  return value !== null && typeof value === 'object' && Object.values(value).every((field) => typeof field === 'string');
}

describe('SegmentContextInterceptor meeting contexts it does not expect', () => {
  let collector: SegmentCollector;
  let service: SegmentService;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    Logger.overrideLogger(logger);
    collector = await startCollector();
    service = new SegmentService(new SegmentClient(optionsFor(collector)), { logger: new RecordingLogger() });
  });
  afterAll(async () => {
    await service.close();
    await collector.stop();
    Logger.overrideLogger(new Logger());
  });

  it('never throws, runs the handler once, passes its result through, and what the handler sends is valid on the wire', async () => {
    const interceptor = new SegmentContextInterceptor();
    let sent = 0;
    const kinds = new Set<unknown>();
    await fc.assert(
      fc.asyncProperty(shapes, fc.anything(), async (shape, result) => {
        let handled = 0;
        let context: MessageContext | undefined;
        const next: CallHandler = {
          handle: () => {
            handled++;
            service.track({ event: 'Handled', userId: 'u-1' });
            sent++;
            context = service.currentContext();
            return of(result);
          },
        };
        const intercept = () => interceptor.intercept(executionContext(shape), next);
        const observable = shape.joined ? runInRequestStore(new RequestContextStore({ headers: {} }), intercept) : intercept();
        await expect(lastValueFrom(observable)).resolves.toBe(result);
        expect(handled).toBe(1);
        if (context !== undefined) {
          expect(JSON.parse(JSON.stringify(context))).toBeDefined();
          if (context.handler !== undefined) expect(isFlatStrings(context.handler)).toBe(true);
          kinds.add((context.handler as { kind?: unknown } | undefined)?.kind);
        }
      }),
      { numRuns: 300 },
    );
    // Where the context was readable, it was read: every kind was met and told.
    expect([...kinds]).toEqual(expect.arrayContaining(['http', 'graphql', 'rpc', 'ws']));
    await service.flush();
    expect(collector.messages).toHaveLength(sent);
    expect(collector.violations).toEqual([]);
    // Contexts it cannot read are said once (then once per thousand), not per call.
    expect(logger.at('warn').length).toBeGreaterThan(0);
    expect(logger.at('warn').length).toBeLessThanOrEqual(1);
  });
});
