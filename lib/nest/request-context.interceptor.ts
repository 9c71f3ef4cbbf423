import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { tap, type Observable } from 'rxjs';
import type { SegmentLogger } from '../core/index.js';
import { ErrorForwarder } from './error-forwarder.js';
import { httpRequestOf } from './execution-request.js';
import { RequestContextStore, requestContextStorage } from './request-context.store.js';
import type { SegmentNestOptions } from './segment-module.options.js';
import type { SegmentService } from './segment.service.js';

/**
 * Registered globally (APP_INTERCEPTOR) by each SegmentModule unless `interceptor: false`.
 * Opens the request store around the handler; everything else is deferred to the first
 * message, so a request that sends nothing pays one allocation and one ALS scope.
 */
export class SegmentRequestContextInterceptor implements NestInterceptor {
  private readonly enabled: boolean;
  private readonly forwarder: ErrorForwarder | undefined;

  constructor(service: SegmentService, options: Pick<SegmentNestOptions, 'interceptor' | 'forwardErrors'>, logger: SegmentLogger) {
    // Options may be invalid here (the service then fails app.init()); read them defensively.
    this.enabled = options?.interceptor !== false;
    const forwardErrors = options?.forwardErrors ?? false;
    this.forwarder = forwardErrors === false ? undefined : new ErrorForwarder(service, forwardErrors, logger);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.enabled) return next.handle();
    const request = httpRequestOf(context);
    if (request === undefined) return next.handle();
    // With several clients there are several of these interceptors: the first opens the store.
    const open = requestContextStorage.getStore();
    const store = open !== undefined && open.request === request ? open : new RequestContextStore(request);
    // Nest binds the handler's async scope when handle() is called, so calling it inside run()
    // is what carries the store into the handler.
    const handled = store === open ? next.handle() : requestContextStorage.run(store, () => next.handle());
    const forwarder = this.forwarder;
    if (forwarder === undefined) return handled;
    return handled.pipe(tap({ error: (error: unknown) => forwarder.forward(error, request, store) }));
  }
}
