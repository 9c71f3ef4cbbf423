import { Inject, Module, type DynamicModule, type NestModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { SEGMENT_APP_BINDING, segmentAppProviders, type SegmentAppBinding } from './segment-app-binding.js';
import {
  SEGMENT_ASYNC_OPTIONS_TYPE,
  SEGMENT_CLIENT_REDIRECT,
  SEGMENT_MODULE_EXTRAS,
  SEGMENT_MODULE_OPTIONS,
  SegmentConfigurableModule,
  type SegmentClientRedirect,
} from './segment.module-definition.js';
import type {
  SegmentModuleAsyncOptions,
  SegmentModuleExtras,
  SegmentModuleOptions,
  SegmentModuleRootOptions,
} from './segment-module.options.js';
import { createSegmentService, loggerName } from './segment-service.factory.js';
import { getSegmentToken } from './segment.tokens.js';

/**
 * Registers a Segment client. Call `forRoot`/`forRootAsync` once per client: without `name` it
 * is the default `SegmentService`; with one, inject it with `@InjectSegment(name)`.
 */
@Module({})
export class SegmentModule extends SegmentConfigurableModule implements NestModule {
  constructor(@Inject(SEGMENT_APP_BINDING) private readonly binding: SegmentAppBinding) {
    super();
  }

  static override forRoot(options: SegmentModuleRootOptions): DynamicModule {
    return withClient(super.forRoot(options), extrasOf(options));
  }

  static override forRootAsync(options: SegmentModuleAsyncOptions): DynamicModule {
    // Same shape as the builder's type, with `useFactory` typed without `any`.
    return withClient(super.forRootAsync(options as typeof SEGMENT_ASYNC_OPTIONS_TYPE), extrasOf(options));
  }

  /** Nest calls this before it registers the routes: the moment to open request contexts. */
  configure(): void {
    this.binding.openRequestContexts();
  }
}

function extrasOf(options: Partial<SegmentModuleExtras> | undefined): SegmentModuleExtras {
  return {
    name: options?.name ?? SEGMENT_MODULE_EXTRAS.name,
    isGlobal: options?.isGlobal ?? SEGMENT_MODULE_EXTRAS.isGlobal,
    forwardErrors: options?.forwardErrors ?? SEGMENT_MODULE_EXTRAS.forwardErrors,
    user: options?.user,
    context: options?.context,
    anonymous: options?.anonymous,
  };
}

/**
 * Adds the client's providers: its service under its token (the service is its own shutdown
 * hook, one per client) and its binding to the app (request context, decorators, forwardErrors).
 */
function withClient(definition: DynamicModule, extras: SegmentModuleExtras): DynamicModule {
  const token = getSegmentToken(extras.name);
  return {
    ...definition,
    global: extras.isGlobal,
    imports: [...(definition.imports ?? []), DiscoveryModule],
    providers: [
      ...(definition.providers ?? []),
      {
        provide: token,
        useFactory: (options: SegmentModuleOptions, redirect: SegmentClientRedirect | undefined) =>
          createSegmentService(redirect === undefined ? options : redirect(options), extras),
        inject: [SEGMENT_MODULE_OPTIONS, { token: SEGMENT_CLIENT_REDIRECT, optional: true }],
      },
      ...segmentAppProviders(token, SEGMENT_MODULE_OPTIONS, loggerName(extras.name), extras.forwardErrors ?? false),
    ],
    exports: [...(definition.exports ?? []), token],
  };
}
