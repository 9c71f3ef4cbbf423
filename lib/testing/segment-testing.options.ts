import type { SegmentClientOptions, SegmentLogger } from '../core/index.js';
import type { SegmentModuleExtras, SegmentNestOptions } from '../nest/index.js';

/**
 * Options of `SegmentTestingModule.forRoot()`: the Nest settings and module extras of
 * `SegmentModule.forRoot()` (so a test can mirror the app's `context`, `user` and
 * `forwardErrors`), and no client settings: nothing is sent.
 */
export interface SegmentTestingModuleOptions extends SegmentNestOptions, SegmentModuleExtras {
  /** Where the recording service logs. Default: a Nest `Logger` with context `Segment` (`Segment:name`). */
  logger?: SegmentLogger;
  /** Also told about refused calls (the recorder's `errors` has them too). */
  onError?: SegmentClientOptions['onError'];
}
