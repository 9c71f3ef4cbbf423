import type { SegmentClient, SegmentLogger } from '../core/index.js';
import { flushOnShutdown } from './shutdown-flush.js';

interface ShutdownMember {
  readonly client: SegmentClient;
  readonly timeoutMs: number;
  readonly logger: SegmentLogger;
}

const byApp = new WeakMap<object, AppShutdown>();

/**
 * One shutdown for all the Segment clients of an app. Nest runs each module's
 * `onApplicationShutdown` in turn, so clients that each waited for their own flush made the
 * app wait the sum of their deadlines (three unreachable clients: 30 s, past Kubernetes'
 * SIGKILL). The first client's hook closes every client of the app at once; the others wait
 * for that same run. The app then waits the longest `shutdownTimeoutMs`, not their sum.
 */
export class AppShutdown {
  private readonly members = new Set<ShutdownMember>();
  private running: Promise<void> | undefined;

  /** The shutdown of the app that `appScoped` (one instance per app, such as its HttpAdapterHost) belongs to. */
  static of(appScoped: object): AppShutdown {
    let shutdown = byApp.get(appScoped);
    if (shutdown === undefined) byApp.set(appScoped, (shutdown = new AppShutdown()));
    return shutdown;
  }

  join(member: ShutdownMember): void {
    this.members.add(member);
  }

  /** Closes every member in parallel, each within its own deadline; never rejects. */
  run(): Promise<void> {
    return (this.running ??= Promise.all([...this.members].map(({ client, timeoutMs, logger }) => flushOnShutdown(client, timeoutMs, logger))).then(
      () => undefined,
    ));
  }
}
