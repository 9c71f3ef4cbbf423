import { Injectable, Logger, Optional, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { describeError } from '../../core/internals.js';
import { handlerStoreFor } from './handler-store.js';
import { currentRequestStore, runInRequestStore, type RequestContextStore, type RequestEmitter } from './request-context.store.js';
import { SEGMENT_APP_BINDING, type SegmentAppBinding } from '../segment-app-binding.js';

/**
 * Opens the request context for handlers the adapter hooks do not reach: RPC messages,
 * WebSocket messages, GraphQL resolver calls (each with its own field), HTTP on other adapters
 * or with `requestContext: false`. Where the hooks already opened the request's store, it joins
 * it: the request's context is still computed once. Reads everything from the
 * `ExecutionContext`; imports none of @nestjs/graphql, microservices or websockets. Never
 * throws into the handler: what it cannot read, it leaves out.
 */
@Injectable()
export class SegmentContextInterceptor implements NestInterceptor {
  private emitter: RequestEmitter | null | undefined;
  private failures = 0;
  private readonly logger = new Logger('Segment');

  constructor(@Optional() private readonly moduleRef?: ModuleRef) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    let store: RequestContextStore | undefined;
    try {
      const current = currentRequestStore();
      store = handlerStoreFor(context, current, () => this.emitterFor(current));
      // Joined: the adapter hooks' store is already the handler's.
      if (store === current) store = undefined;
    } catch (error) {
      // One line for the first failure and one per thousand after.
      if (this.failures++ % 1_000 === 0)
        this.logger.warn(
          `SegmentContextInterceptor could not read its execution context (${describeError(error)}); the handler runs without its context (${this.failures} so far).`,
        );
    }
    // Nest binds the async scope when `handle()` is called: the handler runs inside the store.
    return store === undefined ? next.handle() : runInRequestStore(store, () => next.handle());
  }

  /** The app's decorator sender, for request-scoped instances (which the app could not bind at boot). */
  private emitterFor(current: RequestContextStore | undefined): RequestEmitter | undefined {
    if (current?.emitter !== undefined) return current.emitter;
    if (this.emitter === undefined) {
      try {
        this.emitter = this.moduleRef?.get<SegmentAppBinding>(SEGMENT_APP_BINDING, { strict: false }).emitter ?? null;
      } catch {
        this.emitter = null;
      }
    }
    return this.emitter ?? undefined;
  }
}
