import { SegmentClient, type SegmentClientOptions } from '../../core/index.js';

/** The write key of recording clients: never sent anywhere, only required by the client. */
const RECORDING_WRITE_KEY = 'nestjs-segment-testing';

/**
 * A disabled client, so every call is validated for real and nothing is sent, that hands each
 * accepted message's JSON (exactly as it would have gone on the wire) to `record`, at call time.
 */
export class RecordingSegmentClient extends SegmentClient {
  constructor(
    private readonly record: (json: string) => void,
    options: Pick<SegmentClientOptions, 'logger' | 'onError' | 'trackingPlan' | 'middleware'> = {},
  ) {
    super({ ...options, writeKey: RECORDING_WRITE_KEY, disable: true });
  }

  protected override acceptedWhileDisabled(json: string): void {
    this.record(json);
  }
}
