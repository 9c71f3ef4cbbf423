import type { FactoryProvider, ModuleMetadata, Type } from '@nestjs/common';
import type { SegmentClientOptions, SegmentLogger } from '../core/index.js';
import type { SegmentModuleExtras, SegmentNestOptions } from '../nest/index.js';

/**
 * What a recording client takes: the Nest settings of `SegmentModule` (so a test can mirror the
 * app's `context`, `user` and `forwardErrors`), and no client settings: nothing is sent.
 */
export interface SegmentTestingClientOptions extends SegmentNestOptions {
  /** Where the recording service logs. Default: a Nest `Logger` with context `Segment` (`Segment:name`). */
  logger?: SegmentLogger;
  /** Also told about refused calls (the recorder's `errors` has them too). */
  onError?: SegmentClientOptions['onError'];
  /**
   * The app's tracking plan, checked on every call. `onViolation` defaults to `'throw'` here:
   * a violation fails the test, at the call or at the next recorder assertion.
   */
  trackingPlan?: SegmentClientOptions['trackingPlan'];
  /** The app's middleware: the recorder sees messages as they leave it. */
  middleware?: SegmentClientOptions['middleware'];
}

/** Options of `SegmentTestingModule.forRoot()`: the client's options and the module extras of `SegmentModule.forRoot()`. */
export interface SegmentTestingModuleOptions extends SegmentTestingClientOptions, SegmentModuleExtras {}

/** `SegmentTestingModule.forRootAsync()`, shaped as `SegmentModule.forRootAsync()`. */
export interface SegmentTestingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'>, SegmentModuleExtras {
  useFactory?: (...args: never) => SegmentTestingClientOptions | Promise<SegmentTestingClientOptions>;
  inject?: FactoryProvider['inject'];
  useClass?: Type<{ createSegmentOptions(): SegmentTestingClientOptions | Promise<SegmentTestingClientOptions> }>;
  useExisting?: Type<{ createSegmentOptions(): SegmentTestingClientOptions | Promise<SegmentTestingClientOptions> }>;
}
