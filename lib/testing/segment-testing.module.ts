import { Logger, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_INTERCEPTOR, ModuleRef } from '@nestjs/core';
import { getSegmentToken, SegmentOptionsError, type SegmentService } from '../nest/index.js';
import { SegmentRequestContextInterceptor } from '../nest/request-context.interceptor.js';
import { validateSegmentOptions } from '../nest/segment-options.validation.js';
import { SegmentRecorderModule } from './recorder/segment-recorder.module.js';
import { SegmentRecorder } from './recorder/segment-recorder.js';
import type { SegmentTestingModuleOptions } from './segment-testing.options.js';

/**
 * A drop-in for `SegmentModule` in tests: registers the same token (`SegmentService`, or
 * `getSegmentToken(name)`) and the same request-context interceptor, but the client behind
 * the service validates each call for real and records it in the `SegmentRecorder` instead of
 * sending it. Call it once per client, as `SegmentModule`; all clients share one recorder.
 */
@Module({})
export class SegmentTestingModule {
  static forRoot(options: SegmentTestingModuleOptions = {}): DynamicModule {
    const { name, isGlobal = true, logger: givenLogger, onError, ...nest } = options;
    // The same boot-time checks as SegmentModule, thrown at once: a test has no app.init() to wait for.
    const problems = validateSegmentOptions({ ...nest, writeKey: 'testing', ...(onError === undefined ? {} : { onError }) });
    if (problems.length > 0) throw new SegmentOptionsError(problems, name);

    const token = getSegmentToken(name);
    const logger = givenLogger ?? new Logger(name === undefined ? 'Segment' : `Segment:${name}`);
    const providers: Provider[] = [
      {
        provide: token,
        useFactory: (recorder: SegmentRecorder) => recorder.createService(name, { ...nest, logger, onError }),
        inject: [SegmentRecorder],
      },
    ];
    if (nest.interceptor !== false) {
      providers.push({
        provide: APP_INTERCEPTOR,
        useFactory: (service: SegmentService, moduleRef: ModuleRef) => new SegmentRequestContextInterceptor(service, nest, logger, moduleRef),
        inject: [token, ModuleRef],
      });
    }
    return {
      module: SegmentTestingModule,
      global: isGlobal,
      imports: [SegmentRecorderModule],
      providers,
      exports: [token, SegmentRecorderModule],
    };
  }
}
