import { Inject, Module, type DynamicModule, type NestModule } from '@nestjs/common';
import { SEGMENT_APP_BINDING, type SegmentAppBinding } from '../nest/segment-app-binding.js';
import type { SegmentCollector } from './collector/segment-collector.js';
import { SEGMENT_TESTING_ASYNC_OPTIONS_TYPE, SegmentTestingConfigurableModule, checkTestingOptions } from './segment-testing.module-definition.js';
import type { SegmentTestingModuleAsyncOptions, SegmentTestingModuleOptions } from './segment-testing.options.js';
import { segmentRedirectModule, type SegmentRedirectOptions } from './segment-testing.redirect.js';

/**
 * A drop-in for `SegmentModule` in tests: registers the same token (`SegmentService`, or
 * `getSegmentToken(name)`) and the same request context and decorators, but the client behind
 * the service validates each call for real and records it in the `SegmentRecorder` instead of
 * sending it. Call it once per client, as `SegmentModule`; all clients share one recorder.
 *
 * @publicApi
 */
@Module({})
export class SegmentTestingModule extends SegmentTestingConfigurableModule implements NestModule {
  constructor(@Inject(SEGMENT_APP_BINDING) private readonly binding: SegmentAppBinding) {
    super();
  }

  /** Checks the options at once (a test has no app.init() to wait for), then builds the module. */
  static override forRoot(options: SegmentTestingModuleOptions = {}): DynamicModule {
    const { name, isGlobal: _global, forwardErrors, user: _user, context: _context, anonymous: _anonymous, ...client } = options;
    checkTestingOptions({ ...client, forwardErrors }, name);
    return super.forRoot(options);
  }

  /** As `SegmentModule.forRootAsync()`: the options come from a factory, a class or an existing provider. */
  static override forRootAsync(options: SegmentTestingModuleAsyncOptions): DynamicModule {
    return super.forRootAsync(options as typeof SEGMENT_TESTING_ASYNC_OPTIONS_TYPE);
  }

  /**
   * Points every `SegmentModule` client of the app at a collector (a started `SegmentCollector`,
   * or its url), however each was configured: `forRoot({ writeKey: process.env... })`, a
   * factory, `segmentConfig`, named clients. Import it next to the app's module; it is global.
   * Clients with no write key get one, and a short shutdown deadline (default 2 s) keeps
   * `app.close()` from waiting on a collector that stopped answering.
   */
  static redirectTo(collector: SegmentCollector | string, options: SegmentRedirectOptions = {}): DynamicModule {
    return segmentRedirectModule(collector, options);
  }

  configure(): void {
    this.binding.openRequestContexts();
  }
}
