import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { tap, type Observable } from 'rxjs';
import { httpRequestOf } from './execution-request.js';
import { MessageEmitter } from './message-emitter.js';
import { RequestContextStore, requestContextStorage } from './request-context.store.js';

/**
 * Sends the decorators' messages where the global interceptor is off (`interceptor: false`):
 * `@UseInterceptors(SegmentDecoratorInterceptor)` on the controller or handler. It opens the
 * request context for that handler alone. Not needed (and not to be added) otherwise: the
 * global interceptor already handles decorators, in the same pass as the request context.
 */
@Injectable()
export class SegmentDecoratorInterceptor implements NestInterceptor {
  private readonly emitter: MessageEmitter;

  constructor(moduleRef: ModuleRef) {
    this.emitter = new MessageEmitter(moduleRef, new Logger('Segment'));
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const specs = this.emitter.specsOf(context.getHandler());
    const request = httpRequestOf(context);
    const open = requestContextStorage.getStore();
    // Already handled by a global interceptor that opened the store for this request.
    if (specs.length === 0 || (open !== undefined && open.request === request)) return next.handle();
    const store = request === undefined ? undefined : new RequestContextStore(request);
    const handled = store === undefined ? next.handle() : requestContextStorage.run(store, () => next.handle());
    let result: unknown;
    return handled.pipe(
      tap({
        next: (value) => {
          result = value;
        },
        complete: () => this.emitter.emit(specs, 'success', context, request, store, result, undefined),
        error: (error: unknown) => this.emitter.emit(specs, 'error', context, request, store, undefined, error),
      }),
    );
  }
}
