import type { Dispatcher } from 'undici';
import type { Authorizer } from '../core/authorizer.js';
import { BatchSender } from '../core/delivery/batch-sender.js';
import type { Publisher } from '../core/delivery/publisher.js';
import { SegmentDeliveryError } from '../core/errors.js';
import { MAX_BATCH_MESSAGES } from '../core/limits.js';
import type { QueuedMessage } from '../core/message-queue.js';
import type { OutcomeReporter } from '../core/outcome-reporter.js';
import type { ResolvedOptions } from '../core/resolved-options.js';
import type { DurableSettings } from './durable-options.js';
import { DurableDelivery } from './durable-delivery.js';
import { StoredBatchDelivery } from './stored-batch-delivery.js';

/** The client's parts durable delivery reports and delivers through. */
export interface DurableClientParts {
  readonly settings: ResolvedOptions & { durable: DurableSettings };
  readonly reporter: OutcomeReporter;
  readonly publisher: Publisher;
  readonly authorizer: Authorizer;
  readonly dispatcher: Dispatcher;
  /** Recomputes which flush() and persisted() calls can resolve. */
  readonly settle: () => void;
}

/**
 * Durable delivery plugged into a client: stored batches are delivered with the client's own
 * sender, retry rule and reports; messages Redis cannot take go to the client's in-memory queue;
 * each change of Redis's reachability is one event and one log line.
 */
export function connectDurable(parts: DurableClientParts): DurableDelivery {
  const { settings, reporter, publisher, authorizer, dispatcher, settle } = parts;
  const { durable } = settings;
  const sender = new BatchSender(settings, authorizer, dispatcher, reporter.counters);
  const stored = new StoredBatchDelivery(settings, sender, reporter, authorizer);
  let droppedWhileFull = 0;
  return new DurableDelivery(
    durable,
    {
      logger: settings.logger,
      deliver: (messages, signal) => stored.deliver(messages, signal),
      fallBack: (messages: QueuedMessage[]) => {
        for (const message of messages) publisher.accept(message);
        settle();
      },
      stored: (messages) => {
        reporter.stored(messages);
        if (droppedWhileFull > 0) {
          reporter.log('warn', `durable backlog has room again; ${droppedWhileFull} messages were dropped while it held maxBacklog (queue_full).`);
          droppedWhileFull = 0;
        }
        settle();
      },
      backlogFull: (message, maxBacklog) => {
        // One warning per episode, as for the in-memory queue.
        if (droppedWhileFull++ === 0)
          reporter.log('warn', `durable backlog full (${maxBacklog} messages stored in Redis): dropping new messages until it drains.`);
        reporter.dropped([message], 'queue_full', `Redis holds durable.maxBacklog (${maxBacklog}) messages; the message was dropped.`);
        settle();
      },
      lost: (messages, why) => {
        if (messages.length === 0) {
          reporter.log('error', why);
          return;
        }
        reporter.failed(messages, new SegmentDeliveryError('retries_exhausted', why));
      },
      unavailable: (error) => {
        reporter.durable(
          'durable_unavailable',
          `durable delivery: Redis at ${durable.shownUrl} is unreachable (${error}); accepted messages stay in memory until it returns (durable_unavailable).`,
          error,
        );
      },
      available: (afterOutage) => {
        if (afterOutage)
          reporter.durable('durable_resumed', `durable delivery: Redis at ${durable.shownUrl} is back; accepted messages are stored there again.`);
      },
    },
    {
      // A turn's messages in as few jobs as Segment's limits allow (each job is one request), as
      // the in-memory queue sends a backlog: fewer jobs, requests and Redis round trips per event.
      batchSize: MAX_BATCH_MESSAGES,
      batchBytes: sender.messageBudget,
      concurrency: settings.maxConcurrentRequests,
      debug: settings.debug ? (line) => reporter.debug(line) : undefined,
    },
  );
}
