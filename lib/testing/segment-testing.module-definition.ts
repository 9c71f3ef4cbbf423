import { ConfigurableModuleBuilder, Logger, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { getSegmentToken, SegmentOptionsError, type SegmentModuleExtras } from '../nest/index.js';
import { withAnonymousPolicy } from '../nest/anonymous-policy.js';
import { segmentAppProviders } from '../nest/segment-app-binding.js';
import { SEGMENT_MODULE_EXTRAS } from '../nest/segment.module-definition.js';
import { loggerName } from '../nest/logger-name.js';
import { withModuleSettings } from '../nest/segment-service.factory.js';
import { validateSegmentOptions } from '../nest/segment-options.validation.js';
import { SegmentRecorderModule } from './recorder/segment-recorder.module.js';
import { SegmentRecorder } from './recorder/segment-recorder.js';
import type { SegmentTestingClientOptions } from './segment-testing.options.js';

/**
 * The same boot-time checks as SegmentModule. A recording client needs no write key; its
 * options carry no client settings to check beyond onError.
 */
export function checkTestingOptions(options: SegmentTestingClientOptions, name: string | undefined): void {
  const { logger: _logger, onError, trackingPlan: _plan, middleware: _middleware, ...nest } = options;
  const problems = validateSegmentOptions({ ...nest, writeKey: 'testing', ...(onError === undefined ? {} : { onError }) });
  if (problems.length > 0) throw new SegmentOptionsError(problems, name);
}

/** The recording client in place of SegmentModule's: same token, same app binding, a shared recorder. */
function withRecordingClient(definition: DynamicModule, given: Partial<SegmentModuleExtras>): DynamicModule {
  const { name, isGlobal = true, forwardErrors = false } = given;
  const extras: SegmentModuleExtras = { name, isGlobal, forwardErrors, user: given.user, context: given.context, anonymous: given.anonymous };
  const token = getSegmentToken(name);
  return {
    ...definition,
    global: isGlobal,
    imports: [...(definition.imports ?? []), SegmentRecorderModule, DiscoveryModule],
    providers: [
      ...(definition.providers ?? []),
      {
        provide: token,
        useFactory: (recorder: SegmentRecorder, factoryOptions: SegmentTestingClientOptions) => {
          const options = withModuleSettings(factoryOptions, extras);
          checkTestingOptions(options, name);
          const service = recorder.createService(name, { ...options, logger: options.logger ?? new Logger(loggerName(name)) });
          return withAnonymousPolicy(service, options.anonymous);
        },
        inject: [SegmentRecorder, SEGMENT_TESTING_OPTIONS],
      },
      ...segmentAppProviders(token, SEGMENT_TESTING_OPTIONS, loggerName(name), forwardErrors),
    ],
    exports: [...(definition.exports ?? []), token, SegmentRecorderModule],
  };
}

export const {
  ConfigurableModuleClass: SegmentTestingConfigurableModule,
  MODULE_OPTIONS_TOKEN: SEGMENT_TESTING_OPTIONS,
  ASYNC_OPTIONS_TYPE: SEGMENT_TESTING_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<SegmentTestingClientOptions>({ moduleName: 'SegmentTesting' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createSegmentOptions')
  .setExtras<SegmentModuleExtras>(SEGMENT_MODULE_EXTRAS, withRecordingClient)
  .build();
