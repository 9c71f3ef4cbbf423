import { HttpException } from '@nestjs/common';
import type { SegmentLogger } from '../core/index.js';
import { describeError } from '../core/internals.js';
import { routeOf } from './request-context/handler-identity.js';
import type { RequestContextStore } from './request-context/request-context.store.js';
import { runInRequestStore } from './request-context/request-context.store.js';
import type { SegmentForwardErrorsOptions } from './segment-module.options.js';
import type { SegmentService } from './segment.service.js';

const DEFAULT_EVENT = 'Error Captured';
const MAX_MESSAGE = 1_000;

function statusOf(error: unknown): number {
  if (error instanceof HttpException) return error.getStatus();
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : 500;
}

/**
 * Tracks exceptions that escape a handler, for requests whose user is known, the way error
 * trackers forward errors to Segment. Never throws and never changes the exception.
 */
export class ErrorForwarder {
  private readonly event: string;
  private readonly exclude4xx: boolean;

  constructor(
    private readonly service: SegmentService,
    options: true | SegmentForwardErrorsOptions,
    private readonly logger: SegmentLogger,
  ) {
    this.event = (options === true ? undefined : options.event) ?? DEFAULT_EVENT;
    this.exclude4xx = (options === true ? undefined : options.exclude4xx) ?? true;
  }

  forward(error: unknown, store: RequestContextStore): void {
    const { request } = store;
    try {
      const status = statusOf(error);
      if (this.exclude4xx && status < 500) return;
      runInRequestStore(store, () => {
        if (this.service.currentUser() === undefined) return;
        const message = error instanceof Error ? error.message : String(error);
        this.service.track({
          event: this.event,
          properties: {
            name: error instanceof Error ? error.name : typeof error,
            message: message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE) : message,
            status,
            route: request === undefined ? undefined : routeOf(request),
            method: request?.method,
          },
        });
      });
    } catch (failure) {
      this.logger.warn(`forwardErrors could not track ${describeError(error)}: ${describeError(failure)}`);
    }
  }
}
