import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import { tap, type Observable } from 'rxjs';
import type { SegmentLogger } from '../core/index.js';
import { ErrorForwarder } from './error-forwarder.js';
import { httpRequestOf } from './execution-request.js';
import { MessageEmitter } from './message-emitter.js';
import type { MessageSpec } from './message-spec.js';
import { RequestContextStore, requestContextStorage } from './request-context.store.js';
import type { SegmentHttpRequest, SegmentNestOptions } from './segment-module.options.js';
import type { SegmentService } from './segment.service.js';

/**
 * Registered globally (APP_INTERCEPTOR) by each SegmentModule unless `interceptor: false`.
 * In one pass per request it opens the request store, sends the handler's decorator messages
 * and forwards errors. Every extra interceptor costs each request Nest's interceptor machinery,
 * so decorators do not bring their own. Context and user are computed only when the first
 * message is sent: a request that sends nothing pays one allocation and one ALS scope.
 */
export class SegmentRequestContextInterceptor implements NestInterceptor {
  private readonly enabled: boolean;
  private readonly forwarder: ErrorForwarder | undefined;
  private readonly emitter: MessageEmitter;

  constructor(service: SegmentService, options: Pick<SegmentNestOptions, 'interceptor' | 'forwardErrors'>, logger: SegmentLogger, moduleRef: ModuleRef) {
    // Options may be invalid here (the service then fails app.init()); read them defensively.
    this.enabled = options?.interceptor !== false;
    const forwardErrors = options?.forwardErrors ?? false;
    this.forwarder = forwardErrors === false ? undefined : new ErrorForwarder(service, forwardErrors, logger);
    this.emitter = new MessageEmitter(moduleRef, logger);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.enabled) return next.handle();
    const request = httpRequestOf(context);
    const open = requestContextStorage.getStore();
    if (request !== undefined && open !== undefined && open.request === request) {
      // Another client's interceptor came first: it owns the store and the decorators.
      return this.forwarder === undefined ? next.handle() : this.observe(next.handle(), context, [], request, open);
    }
    const specs = this.emitter.specsOf(context.getHandler());
    if (request === undefined) {
      // RPC and WebSocket: no request context; decorators still send with what they map.
      return specs.length === 0 ? next.handle() : this.observe(next.handle(), context, specs, undefined, undefined);
    }
    const store = new RequestContextStore(request);
    // Nest binds the handler's async scope when handle() is called: calling it inside run()
    // is what carries the store into the handler.
    const handled = requestContextStorage.run(store, () => next.handle());
    return specs.length === 0 && this.forwarder === undefined ? handled : this.observe(handled, context, specs, request, store);
  }

  private observe(
    handled: Observable<unknown>,
    context: ExecutionContext,
    specs: readonly MessageSpec[],
    request: SegmentHttpRequest | undefined,
    store: RequestContextStore | undefined,
  ): Observable<unknown> {
    let result: unknown;
    return handled.pipe(
      tap({
        next: (value) => {
          result = value;
        },
        complete: () => {
          if (specs.length > 0) this.emitter.emit(specs, 'success', context, request, store, result, undefined);
        },
        error: (error: unknown) => {
          if (specs.length > 0) this.emitter.emit(specs, 'error', context, request, store, undefined, error);
          if (this.forwarder !== undefined && request !== undefined && store !== undefined) this.forwarder.forward(error, request, store);
        },
      }),
    );
  }
}
