export { SegmentModule } from './segment.module.js';
export { SegmentService, type SegmentServiceOptions } from './segment.service.js';
export { getSegmentToken } from './segment.tokens.js';
export { InjectSegment } from './inject-segment.decorator.js';
export { segmentConfig } from './segment.config.js';
export { SEGMENT_ENV_VARS } from './segment-env.js';
export { SegmentOptionsError, type SegmentOptionProblem } from './segment-options.error.js';
export { SegmentMappingError } from './segment-mapping.error.js';
export { SegmentContextInterceptor } from './request-context/segment-context.interceptor.js';
export type { SegmentHandlerContext } from './request-context/handler-identity.js';
export type {
  SegmentModuleOptions,
  SegmentNestOptions,
  SegmentModuleExtras,
  SegmentModuleRootOptions,
  SegmentModuleAsyncOptions,
  SegmentOptionsFactory,
  SegmentContextOptions,
  SegmentForwardErrorsOptions,
  SegmentHttpRequest,
  SegmentUser,
  SegmentUserResolver,
  SegmentAnonymousPolicy,
} from './segment-module.options.js';
export { Track } from './track.decorator.js';
export { Identify } from './identify.decorator.js';
export { Page } from './page.decorator.js';
export { Screen } from './screen.decorator.js';
export { Group } from './group.decorator.js';
export { Alias } from './alias.decorator.js';
export type {
  SegmentMapperInput,
  SegmentMapped,
  SegmentMethodDecorator,
  SegmentEmitWhen,
  SegmentDecoratorOptions,
  TrackDecoratorOptions,
  IdentifyDecoratorOptions,
  PageDecoratorOptions,
  GroupDecoratorOptions,
  AliasDecoratorOptions,
} from './decorator-options.js';
