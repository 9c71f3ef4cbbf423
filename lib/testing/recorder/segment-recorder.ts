import { Injectable, Logger } from '@nestjs/common';
import type { SegmentClientOptions, SegmentLogger, SegmentMessage } from '../../core/index.js';
import { SegmentService, type SegmentNestOptions } from '../../nest/index.js';
import { loggerName } from '../../nest/logger-name.js';
import { RecordedMessages, type RecordingLog } from './recorded-messages.js';
import { RecordingSegmentClient } from './recording-client.js';

/** How `createService()` builds a recording service; the same names as `SegmentModule.forRoot()`. */
export interface RecordingServiceOptions extends Pick<SegmentNestOptions, 'context' | 'user' | 'shutdownTimeoutMs'> {
  /** Where the service logs. Default: a Nest `Logger` with context `Segment` (`Segment:name`). */
  logger?: SegmentLogger;
  /** Also told about refused calls, after the recorder noted them. */
  onError?: SegmentClientOptions['onError'];
  /**
   * The app's tracking plan, checked on every recorded call. Here `onViolation` defaults to
   * `'throw'`: a violation fails the test (see `expectNoViolations()`).
   */
  trackingPlan?: SegmentClientOptions['trackingPlan'];
  /** The app's middleware: messages are recorded as they leave it. */
  middleware?: SegmentClientOptions['middleware'];
}

/**
 * Records every message of the `SegmentService`s it creates, synchronously at call time, after
 * the real validation and request-context enrichment, and sends nothing. Inject it in a test
 * module built with `SegmentTestingModule`, or `new` it to override providers by hand.
 */
@Injectable()
export class SegmentRecorder extends RecordedMessages {
  private readonly recordingLog: RecordingLog;

  constructor() {
    const log: RecordingLog = { entries: [], errors: [] };
    super(log, { all: true });
    this.recordingLog = log;
  }

  /** The messages and errors of one client: the default client without `name`. Live: it sees later calls too. */
  forClient(name?: string): RecordedMessages {
    return RecordedMessages.view(this.recordingLog, { all: false, client: name });
  }

  /**
   * A real `SegmentService` (validation, request context, user resolution) over a client that
   * records here instead of sending. For `overrideProvider(getSegmentToken(name)).useValue(...)`.
   */
  createService(name?: string, options: RecordingServiceOptions = {}): SegmentService {
    const logger = options.logger ?? new Logger(loggerName(name));
    const onError: SegmentClientOptions['onError'] = (error, messages) => {
      this.recordingLog.errors.push({ client: name, error });
      options.onError?.(error, messages);
    };
    const { trackingPlan, middleware } = options;
    const client = new RecordingSegmentClient((json) => this.recordingLog.entries.push({ client: name, message: JSON.parse(json) as SegmentMessage }), {
      logger,
      onError,
      middleware,
      trackingPlan: trackingPlan === undefined ? undefined : { onViolation: 'throw', ...trackingPlan },
    });
    return new SegmentService(client, { name, logger, context: options.context, user: options.user, shutdownTimeoutMs: options.shutdownTimeoutMs });
  }
}
