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
  /**
   * The app's tracking plan, checked on every call. `onViolation` defaults to `'throw'` here:
   * a violation fails the test, at the call or at the next recorder assertion.
   */
  trackingPlan?: SegmentClientOptions['trackingPlan'];
  /** The app's middleware: the recorder sees messages as they leave it. */
  middleware?: SegmentClientOptions['middleware'];
}
