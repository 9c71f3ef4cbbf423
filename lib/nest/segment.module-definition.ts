import { ConfigurableModuleBuilder, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { segmentAppProviders } from './segment-app-binding.js';
import type { SegmentModuleExtras, SegmentModuleOptions, SegmentOptionsFactory } from './segment-module.options.js';
import { loggerName } from './logger-name.js';
import { createSegmentService } from './segment-service.factory.js';
import { getSegmentToken } from './segment.tokens.js';

/** Defaults of the module-level settings: given to forRoot/forRootAsync, never part of the options. */
export const SEGMENT_MODULE_EXTRAS: SegmentModuleExtras = {
  name: undefined,
  isGlobal: true,
  forwardErrors: false,
  user: undefined,
  context: undefined,
  anonymous: undefined,
};

/**
 * Module-private, optional: a rewrite of every client's options, provided by the testing kit's
 * `SegmentTestingModule.redirectTo()` (a global module) to point a whole app at a collector.
 */
export const SEGMENT_CLIENT_REDIRECT = Symbol('nestjs-segment:client-redirect');

export type SegmentClientRedirect = (options: SegmentModuleOptions) => SegmentModuleOptions;

/** The module-level settings as given, one object for every reader (the builder passes more keys). */
function moduleSettings(given: Partial<SegmentModuleExtras>): SegmentModuleExtras {
  return {
    name: given.name,
    isGlobal: given.isGlobal ?? true,
    forwardErrors: given.forwardErrors ?? false,
    user: given.user,
    context: given.context,
    anonymous: given.anonymous,
  };
}

/**
 * What the builder's module becomes for one client: global unless told otherwise, its service
 * under its token, and its binding to the app (request context, decorators, forwardErrors).
 */
function withClient(definition: DynamicModule, given: Partial<SegmentModuleExtras>): DynamicModule {
  const extras = moduleSettings(given);
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

export const {
  ConfigurableModuleClass: SegmentConfigurableModule,
  MODULE_OPTIONS_TOKEN: SEGMENT_MODULE_OPTIONS,
  ASYNC_OPTIONS_TYPE: SEGMENT_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<SegmentModuleOptions>({ moduleName: 'Segment' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createSegmentOptions' satisfies keyof SegmentOptionsFactory)
  .setExtras<SegmentModuleExtras>(SEGMENT_MODULE_EXTRAS, withClient)
  .build();
