import { Logger, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_INTERCEPTOR, ModuleRef } from '@nestjs/core';
import { SegmentRequestContextInterceptor } from './request-context.interceptor.js';
import {
  SEGMENT_ASYNC_OPTIONS_TYPE,
  SEGMENT_MODULE_EXTRAS,
  SEGMENT_MODULE_OPTIONS,
  SegmentConfigurableModule,
} from './segment.module-definition.js';
import type {
  SegmentModuleAsyncOptions,
  SegmentModuleExtras,
  SegmentModuleOptions,
  SegmentModuleRootOptions,
} from './segment-module.options.js';
import { createSegmentService, loggerName } from './segment-service.factory.js';
import type { SegmentService } from './segment.service.js';
import { getSegmentToken } from './segment.tokens.js';

/**
 * Registers a Segment client. Call `forRoot`/`forRootAsync` once per client: without `name` it
 * is the default `SegmentService`; with one, inject it with `@InjectSegment(name)`.
 */
@Module({})
export class SegmentModule extends SegmentConfigurableModule {
  static override forRoot(options: SegmentModuleRootOptions): DynamicModule {
    return withClient(super.forRoot(options), extrasOf(options));
  }

  static override forRootAsync(options: SegmentModuleAsyncOptions): DynamicModule {
    // Same shape as the builder's type, with `useFactory` typed without `any`.
    return withClient(super.forRootAsync(options as typeof SEGMENT_ASYNC_OPTIONS_TYPE), extrasOf(options));
  }
}

function extrasOf(options: Partial<SegmentModuleExtras> | undefined): SegmentModuleExtras {
  return {
    name: options?.name ?? SEGMENT_MODULE_EXTRAS.name,
    isGlobal: options?.isGlobal ?? SEGMENT_MODULE_EXTRAS.isGlobal,
    interceptor: options?.interceptor ?? SEGMENT_MODULE_EXTRAS.interceptor,
  };
}

/**
 * Adds the client's providers: its service under its token (the service is its own shutdown
 * hook, one per client) and, unless disabled, the global request-context interceptor.
 */
function withClient(definition: DynamicModule, extras: SegmentModuleExtras): DynamicModule {
  const token = getSegmentToken(extras.name);
  const providers: Provider[] = [
    {
      provide: token,
      useFactory: (options: SegmentModuleOptions) => createSegmentService(options, extras),
      inject: [SEGMENT_MODULE_OPTIONS],
    },
  ];
  if (extras.interceptor !== false) {
    providers.push({
      provide: APP_INTERCEPTOR,
      useFactory: (service: SegmentService, options: SegmentModuleOptions, moduleRef: ModuleRef) =>
        new SegmentRequestContextInterceptor(service, options, options?.logger ?? new Logger(loggerName(extras.name)), moduleRef),
      inject: [token, SEGMENT_MODULE_OPTIONS, ModuleRef],
    });
  }
  return {
    ...definition,
    global: extras.isGlobal,
    providers: [...(definition.providers ?? []), ...providers],
    exports: [...(definition.exports ?? []), token],
  };
}
