import type { CloseResult, SegmentClient, SegmentLogger } from '../core/index.js';
import { describeError } from '../core/internals.js';

// The client resolves close() by its deadline itself; this margin only guards the application's
// shutdown against a close() that would not settle at all.
const BACKSTOP_MARGIN_MS = 1_000;

/**
 * Closes the client, awaited and bounded by `timeoutMs`, and logs what did not make it as one
 * line, a count per reason. Never throws: a shutdown hook must let the other hooks run.
 */
export async function flushOnShutdown(client: SegmentClient, timeoutMs: number, logger: SegmentLogger): Promise<void> {
  let backstop: NodeJS.Timeout | undefined;
  try {
    const stalled = new Promise<undefined>((resolve) => {
      backstop = setTimeout(resolve, timeoutMs + BACKSTOP_MARGIN_MS, undefined);
    });
    // This line is the report: the client does not log its leftovers a second time.
    const result = await Promise.race([client.close({ timeoutMs, logLeftovers: false }), stalled]);
    if (result === undefined) {
      const { queued, inFlight } = client.stats();
      logger.error(`shutdown flush did not settle within ${timeoutMs} ms; ${queued + inFlight} messages were still queued or in flight (shutdown_timeout).`);
      return;
    }
    const summary = leftovers(result);
    if (summary !== undefined) logger.warn(`shutdown flush: ${summary}.`);
  } catch (error) {
    logger.error(`shutdown flush failed: ${describeError(error)}`);
  } finally {
    clearTimeout(backstop);
  }
}

/**
 * `3 messages not delivered (shutdown_timeout: 2, retries_exhausted: 1)`, or undefined when none;
 * counted, not listed. Messages a middleware filtered out on purpose (a sampler) are no loss.
 */
function leftovers(result: CloseResult): string | undefined {
  const lost = Object.entries(result.reasons ?? {}).filter(([reason, count]) => reason !== 'filtered' && count > 0);
  const total = lost.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return undefined;
  const reasons = lost.map(([reason, count]) => `${reason}: ${count}`).join(', ');
  return `${total} ${total === 1 ? 'message' : 'messages'} not delivered (${reasons})${result.timedOut ? ' after the deadline' : ''}`;
}
