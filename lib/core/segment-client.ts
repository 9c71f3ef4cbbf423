import type { Observable } from 'rxjs';
import { Subject } from 'rxjs';
import type { SegmentClientOptions } from './client-options.js';
import type {
  AliasParams,
  GroupParams,
  IdentifyParams,
  PageParams,
  ScreenParams,
  TrackParams,
} from './message-types.js';
import type { CloseResult, FlushResult, SegmentEvent, SegmentStats } from './segment-event.js';

/** STUB: the real implementation lands shortly; signatures are final. */
export class SegmentClient {
  readonly events$: Observable<SegmentEvent>;

  constructor(readonly options: SegmentClientOptions) {
    this.events$ = new Subject<SegmentEvent>();
  }

  track(params: TrackParams): string { throw new Error('not implemented'); }
  identify(params: IdentifyParams): string { throw new Error('not implemented'); }
  page(params: PageParams): string { throw new Error('not implemented'); }
  screen(params: ScreenParams): string { throw new Error('not implemented'); }
  group(params: GroupParams): string { throw new Error('not implemented'); }
  alias(params: AliasParams): string { throw new Error('not implemented'); }
  flush(): Promise<FlushResult> { throw new Error('not implemented'); }
  close(options?: { timeoutMs?: number }): Promise<CloseResult> { throw new Error('not implemented'); }
  stats(): SegmentStats { throw new Error('not implemented'); }
}
