import type { AbstractHttpAdapter } from '@nestjs/core';
import type { SegmentLogger } from '../../core/index.js';
import type { MessageEmitter } from '../message-emitter.js';
import { RequestContextStore, currentRequestStore, runInRequestStore } from './request-context.store.js';
import type { SegmentHttpRequest } from '../segment-module.options.js';

type Next = (error?: unknown) => void;

interface ExpressApp {
  use(middleware: (request: SegmentHttpRequest, response: unknown, next: Next) => void): unknown;
}

interface FastifyInstance {
  addHook(name: 'onRequest' | 'preHandler', hook: (request: SegmentHttpRequest, reply: unknown, done: Next) => void): unknown;
}

/** HTTP servers already opening request stores: one opener per app, however many clients. */
const opened = new WeakSet<object>();

/**
 * Opens one request store per HTTP request, at the adapter itself: an Express middleware, or
 * Fastify `onRequest` and `preHandler` hooks. Nest's own enhancers would do the same at a price
 * every request pays: a global interceptor puts each route through Nest's Observable pipeline,
 * and Nest middleware on Fastify runs through middie. Must run before Nest registers its routes
 * (the module's `configure()`), so that the middleware comes first in Express.
 */
export function openRequestContexts(adapter: AbstractHttpAdapter | undefined, emitter: MessageEmitter, logger: SegmentLogger): void {
  // A microservice or a standalone application context: no HTTP requests.
  if (adapter === undefined) return;
  const server = adapter.getInstance<object>();
  if (opened.has(server)) return;
  const type = adapter.getType();
  try {
    if (type === 'express') {
      (server as ExpressApp).use((request, _response, next) => runInRequestStore(new RequestContextStore(request, emitter), next));
    } else if (type === 'fastify') {
      const fastify = server as FastifyInstance;
      fastify.addHook('onRequest', (request, _reply, done) => runInRequestStore(new RequestContextStore(request, emitter), done));
      // A request body is read in the socket's async scope, not the request's: enter it again
      // right before the handler (guards, pipes and interceptors run inside the handler).
      fastify.addHook('preHandler', (request, _reply, done) => {
        if (currentRequestStore()?.request === request) done();
        else runInRequestStore(new RequestContextStore(request, emitter), done);
      });
    } else {
      logger.warn(
        `the adapter hooks collect request context on Express and Fastify; this app's adapter is "${type}": add SegmentContextInterceptor (APP_INTERCEPTOR, or @UseInterceptors on the controllers) to collect it.`,
      );
      return;
    }
  } catch (error) {
    logger.warn(`could not open request contexts on the ${type} server (${(error as Error).message}); messages go without request context.`);
    return;
  }
  opened.add(server);
}
