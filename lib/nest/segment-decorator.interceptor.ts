import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { tap, type Observable } from 'rxjs';
import { SegmentValidationError } from '../core/index.js';
import type { SegmentMapperInput } from './decorator-options.js';
import { httpRequestOf } from './execution-request.js';
import { MapperFailure, SEGMENT_MESSAGES, buildFields, type MessageSpec } from './message-spec.js';
import { describe } from './request-context.resolver.js';
import { RequestContextStore, requestContextStorage } from './request-context.store.js';
import type { SegmentHttpRequest } from './segment-module.options.js';
import { reportFailure } from './segment-service.reporting.js';
import { SegmentMappingError } from './segment-mapping.error.js';
import type { SegmentService } from './segment.service.js';
import { getSegmentToken } from './segment.tokens.js';

type Outcome = 'success' | 'error';

/**
 * Sends the messages of `@Track`, `@Identify`, ... once the handler's outcome is known (the
 * last value of an Observable, a Promise's value, or a sync return), and never changes that
 * outcome: whatever goes wrong here is logged and reported, not thrown.
 */
@Injectable()
export class SegmentDecoratorInterceptor implements NestInterceptor {
  private readonly fallbackLogger = new Logger('Segment');
  private readonly services = new Map<string | undefined, SegmentService | null>();

  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const specs = this.reflector.get<MessageSpec[] | undefined>(SEGMENT_MESSAGES, context.getHandler());
    if (specs === undefined) return next.handle();
    const request = httpRequestOf(context);
    // The global interceptor's store when it runs; otherwise one for this handler alone.
    const open = requestContextStorage.getStore();
    const store = request === undefined ? undefined : open !== undefined && open.request === request ? open : new RequestContextStore(request);
    let result: unknown;
    return next.handle().pipe(
      tap({
        next: (value) => {
          result = value;
        },
        complete: () => this.emit(specs, 'success', context, request, store, result, undefined),
        error: (error: unknown) => this.emit(specs, 'error', context, request, store, undefined, error),
      }),
    );
  }

  private emit(
    specs: readonly MessageSpec[],
    outcome: Outcome,
    context: ExecutionContext,
    request: SegmentHttpRequest | undefined,
    store: RequestContextStore | undefined,
    result: unknown,
    error: unknown,
  ): void {
    let input: SegmentMapperInput | undefined;
    for (const spec of specs) {
      if (spec.when !== 'always' && spec.when !== outcome) continue;
      input ??= { request, args: context.getArgs(), result, error };
      if (store === undefined || requestContextStorage.getStore() === store) this.send(spec, input);
      else requestContextStorage.run(store, () => this.send(spec, input!));
    }
  }

  private send(spec: MessageSpec, input: SegmentMapperInput): void {
    const service = this.serviceFor(spec);
    if (service === undefined) return;
    try {
      const params = buildFields(spec, input);
      (service[spec.type] as (params: object) => string).call(service, params);
    } catch (failure) {
      this.report(service, spec, failure);
    }
  }

  private report(service: SegmentService, spec: MessageSpec, failure: unknown): void {
    if (failure instanceof MapperFailure) {
      const error = new SegmentMappingError(spec.label, failure.field, failure.cause);
      if (!reportFailure(service, { error, text: error.message, alreadyReported: false })) this.fallbackLogger.warn(error.message);
      return;
    }
    // The client counted and emitted an invalid message already; the log line adds which decorator.
    const alreadyReported = failure instanceof SegmentValidationError;
    const text = `${spec.label}: the message was not sent: ${describe(failure)}`;
    if (!alreadyReported || !reportFailure(service, { error: failure, text, alreadyReported })) this.fallbackLogger.warn(text);
  }

  /** The spec's client, looked up once across modules; a missing one is logged once. */
  private serviceFor(spec: MessageSpec): SegmentService | undefined {
    let service = this.services.get(spec.client);
    if (service === undefined) {
      try {
        service = this.moduleRef.get<SegmentService>(getSegmentToken(spec.client), { strict: false });
      } catch {
        service = null;
        const which = spec.client === undefined ? 'the default Segment client is' : `no Segment client named "${spec.client}" is`;
        this.fallbackLogger.error(`${spec.label}: ${which} registered (SegmentModule.forRoot); its messages are not sent.`);
      }
      this.services.set(spec.client, service);
    }
    return service ?? undefined;
  }
}
