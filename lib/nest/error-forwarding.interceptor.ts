import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { tap, type Observable } from 'rxjs';
import type { ErrorForwarder } from './error-forwarder.js';
import { handlerStoreFor } from './request-context/handler-store.js';
import { currentRequestStore, type RequestContextStore } from './request-context/request-context.store.js';

/**
 * `forwardErrors`: tracks what escapes a handler. Registered as a global interceptor only when
 * the option is on, since Nest's interceptor pipeline costs each request. The error is told
 * with its handler: a GraphQL error with its operation and field, an RPC one with its pattern.
 */
export class ErrorForwardingInterceptor implements NestInterceptor {
  constructor(private readonly forwarder: ErrorForwarder) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const current = currentRequestStore();
    return next.handle().pipe(
      tap({
        error: (error: unknown) => {
          const store = storeOf(context, current);
          if (store !== undefined) this.forwarder.forward(error, store);
        },
      }),
    );
  }
}

/** Computed only when something escaped: a handler that succeeds pays nothing for it. */
function storeOf(context: ExecutionContext, current: RequestContextStore | undefined): RequestContextStore | undefined {
  try {
    return handlerStoreFor(context, current, () => current?.emitter) ?? current;
  } catch {
    return current;
  }
}
