import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { tap, type Observable } from 'rxjs';
import type { ErrorForwarder } from './error-forwarder.js';
import { requestContextStorage } from './request-context.store.js';

/**
 * `forwardErrors`: tracks what escapes a handler of a request. Registered as a global
 * interceptor only when the option is on, since Nest's interceptor pipeline costs each request.
 */
export class ErrorForwardingInterceptor implements NestInterceptor {
  constructor(private readonly forwarder: ErrorForwarder) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const store = requestContextStorage.getStore();
    if (store === undefined) return next.handle();
    return next.handle().pipe(tap({ error: (error: unknown) => this.forwarder.forward(error, store) }));
  }
}
