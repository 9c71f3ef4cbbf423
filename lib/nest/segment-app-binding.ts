import { Logger, type InjectionToken, type OnModuleInit, type Provider } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryService, HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { SegmentLogger } from '../core/index.js';
import { AppShutdown } from './app-shutdown.js';
import { bindDecoratedInstances } from './decorated-instances.js';
import { describeError } from '../core/internals.js';
import { ErrorForwarder } from './error-forwarder.js';
import { ErrorForwardingInterceptor } from './error-forwarding.interceptor.js';
import { MessageEmitter } from './message-emitter.js';
import { openRequestContexts } from './request-context/request-context.opener.js';
import { recordWebSocketUpgrades } from './request-context/websocket-handshake.js';
import type { SegmentForwardErrorsOptions, SegmentModuleOptions } from './segment-module.options.js';
import { SegmentService } from './segment.service.js';

/** Module-private token of a client module's binding to its app. */
export const SEGMENT_APP_BINDING = Symbol('nestjs-segment:app-binding');

/**
 * What ties a client module to the app it is in: request stores on the app's HTTP server, and
 * the app's decorated instances to the app's clients.
 */
export class SegmentAppBinding implements OnModuleInit {
  constructor(
    private readonly requestContext: boolean,
    /** Also how `SegmentContextInterceptor` finds the app, for request-scoped instances. */
    readonly emitter: MessageEmitter,
    private readonly adapterHost: HttpAdapterHost,
    private readonly discovery: DiscoveryService,
    private readonly logger: SegmentLogger,
  ) {}

  /** From the module's `configure()`: Nest calls it before it registers the routes. */
  openRequestContexts(): void {
    if (this.requestContext) openRequestContexts(this.adapterHost.httpAdapter, this.emitter, this.logger);
    // Gateways on the app's port: SegmentContextInterceptor tells their messages' handshake.
    try {
      recordWebSocketUpgrades(this.adapterHost.httpAdapter?.getHttpServer());
    } catch (error) {
      this.logger.warn(
        `could not watch WebSocket upgrades on the HTTP server (${describeError(error)}); gateway messages go without the handshake's user agent.`,
      );
    }
  }

  onModuleInit(): void {
    bindDecoratedInstances(this.discovery, this.emitter);
  }
}

/**
 * The providers `SegmentModule` and `SegmentTestingModule` add for each client, next to its
 * service under `serviceToken`; both modules provide the client's options under `optionsToken`.
 */
export function segmentAppProviders(
  serviceToken: InjectionToken,
  optionsToken: InjectionToken,
  loggerName: string,
  forwardErrors: boolean | SegmentForwardErrorsOptions,
): Provider[] {
  // Options may be invalid here (the service then fails app.init()): read them defensively.
  const loggerOf = (options: SegmentModuleOptions | undefined): SegmentLogger => options?.logger ?? new Logger(loggerName);
  const providers: Provider[] = [
    {
      provide: SEGMENT_APP_BINDING,
      useFactory: (
        options: SegmentModuleOptions | undefined,
        moduleRef: ModuleRef,
        adapterHost: HttpAdapterHost,
        discovery: DiscoveryService,
        service: SegmentService,
      ) => {
        const logger = loggerOf(options);
        // HttpAdapterHost is one per app (standalone contexts too): the app's clients close together.
        // A test may have overridden the service with a double: that has nothing to close.
        if (service instanceof SegmentService) service.joinAppShutdown(AppShutdown.of(adapterHost));
        return new SegmentAppBinding(options?.requestContext !== false, new MessageEmitter(moduleRef, logger), adapterHost, discovery, logger);
      },
      inject: [optionsToken, ModuleRef, HttpAdapterHost, DiscoveryService, serviceToken],
    },
  ];
  // Only with forwardErrors: any global interceptor puts every route through Nest's interceptor
  // pipeline (on Fastify more than half again the cost of a small request).
  if (forwardErrors !== false) {
    providers.push({
      provide: APP_INTERCEPTOR,
      useFactory: (service: SegmentService, options: SegmentModuleOptions | undefined) =>
        new ErrorForwardingInterceptor(new ErrorForwarder(service, options?.forwardErrors || forwardErrors, loggerOf(options))),
      inject: [serviceToken, optionsToken],
    });
  }
  return providers;
}
