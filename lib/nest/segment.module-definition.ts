import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { SegmentModuleExtras, SegmentModuleOptions, SegmentOptionsFactory } from './segment-module.options.js';

/** Defaults of the module-level options; `SegmentModule` turns them into providers. */
export const SEGMENT_MODULE_EXTRAS: SegmentModuleExtras = {
  name: undefined,
  isGlobal: true,
  forwardErrors: false,
  // Listed so that forRoot() moves them out of the options too (the builder omits only known keys).
  user: undefined,
  context: undefined,
  anonymous: undefined,
};

export const {
  ConfigurableModuleClass: SegmentConfigurableModule,
  MODULE_OPTIONS_TOKEN: SEGMENT_MODULE_OPTIONS,
  ASYNC_OPTIONS_TYPE: SEGMENT_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<SegmentModuleOptions>({ moduleName: 'Segment' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createSegmentOptions' satisfies keyof SegmentOptionsFactory)
  .setExtras<SegmentModuleExtras>(SEGMENT_MODULE_EXTRAS)
  .build();

/**
 * Module-private, optional: a rewrite of every client's options, provided by the testing kit's
 * `SegmentTestingModule.redirectTo()` (a global module) to point a whole app at a collector.
 */
export const SEGMENT_CLIENT_REDIRECT = Symbol('nestjs-segment:client-redirect');

export type SegmentClientRedirect = (options: SegmentModuleOptions) => SegmentModuleOptions;
