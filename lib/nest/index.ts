export { SegmentModule, type SegmentModuleRootOptions, type SegmentModuleAsyncOptions } from './segment.module.js';
export { SegmentService, type SegmentServiceOptions } from './segment.service.js';
export { getSegmentToken } from './segment.tokens.js';
export { InjectSegment } from './inject-segment.decorator.js';
export { segmentConfig } from './segment.config.js';
export { SEGMENT_ENV_VARS } from './segment-env.js';
export { SEGMENT_HOSTS } from './segment-host.js';
export { SegmentOptionsError, type SegmentOptionProblem } from './segment-options.error.js';
export { SegmentMappingError } from './segment-mapping.error.js';
export type {
  SegmentModuleOptions,
  SegmentNestOptions,
  SegmentModuleExtras,
  SegmentOptionsFactory,
  SegmentContextOptions,
  SegmentForwardErrorsOptions,
  SegmentHttpRequest,
  SegmentUser,
  SegmentUserResolver,
} from './segment-module.options.js';
