import { Inject, Logger, Module, type DynamicModule, type NestModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { getSegmentToken, SegmentOptionsError } from '../nest/index.js';
import { SEGMENT_APP_BINDING, segmentAppProviders, type SegmentAppBinding } from '../nest/segment-app-binding.js';
import { validateSegmentOptions } from '../nest/segment-options.validation.js';
import { withAnonymousPolicy } from '../nest/anonymous-policy.js';
import { SegmentRecorderModule } from './recorder/segment-recorder.module.js';
import { SegmentRecorder, type RecordingServiceOptions } from './recorder/segment-recorder.js';
import type { SegmentCollector } from './collector/segment-collector.js';
import type { SegmentTestingModuleOptions } from './segment-testing.options.js';
import { segmentRedirectModule, type SegmentRedirectOptions } from './segment-testing.redirect.js';

/** Module-private: this client's options, as SegmentModule provides its own. */
const TESTING_OPTIONS = Symbol('nestjs-segment:testing-options');

/**
 * A drop-in for `SegmentModule` in tests: registers the same token (`SegmentService`, or
 * `getSegmentToken(name)`) and the same request context and decorators, but the client behind
 * the service validates each call for real and records it in the `SegmentRecorder` instead of
 * sending it. Call it once per client, as `SegmentModule`; all clients share one recorder.
 */
@Module({})
export class SegmentTestingModule implements NestModule {
  constructor(@Inject(SEGMENT_APP_BINDING) private readonly binding: SegmentAppBinding) {}

  static forRoot(options: SegmentTestingModuleOptions = {}): DynamicModule {
    const { name, isGlobal = true, logger: givenLogger, onError, trackingPlan, middleware, ...nest } = options;
    // The same boot-time checks as SegmentModule, thrown at once: a test has no app.init() to wait for.
    const problems = validateSegmentOptions({ ...nest, writeKey: 'testing', ...(onError === undefined ? {} : { onError }) });
    if (problems.length > 0) throw new SegmentOptionsError(problems, name);

    const token = getSegmentToken(name);
    const loggerName = name === undefined ? 'Segment' : `Segment:${name}`;
    const logger = givenLogger ?? new Logger(loggerName);
    return {
      module: SegmentTestingModule,
      global: isGlobal,
      imports: [SegmentRecorderModule, DiscoveryModule],
      providers: [
        { provide: TESTING_OPTIONS, useValue: { ...nest, logger, onError, trackingPlan, middleware } },
        {
          provide: token,
          useFactory: (recorder: SegmentRecorder, clientOptions: RecordingServiceOptions & Pick<SegmentTestingModuleOptions, 'anonymous'>) =>
            withAnonymousPolicy(recorder.createService(name, clientOptions), clientOptions.anonymous),
          inject: [SegmentRecorder, TESTING_OPTIONS],
        },
        ...segmentAppProviders(token, TESTING_OPTIONS, loggerName, nest.forwardErrors ?? false),
      ],
      exports: [token, SegmentRecorderModule],
    };
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
