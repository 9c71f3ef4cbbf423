import { SegmentConfigError } from '../errors.js';
import type { SegmentMessage } from '../message-types.js';
import type { SegmentMiddleware } from './segment-middleware.js';

export interface SampleOptions {
  /** The share of each track event to keep, from 0 (none) to 1 (all): `{ 'Page Viewed': 0.1 }`. Other events are all kept. */
  events: Readonly<Record<string, number>>;
  /** Where the chance comes from, a number in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/**
 * A middleware that keeps only a share of high-volume track events:
 * `sample({ events: { 'Page Viewed': 0.1 } })` sends about one in ten. The others are dropped
 * (reported as `filtered`, counted in `dropped`); events not listed all pass.
 */
export function sample(options: SampleOptions): SegmentMiddleware {
  const events = options?.events;
  if (events === null || typeof events !== 'object' || Array.isArray(events)) {
    throw new SegmentConfigError('sample.events', "sample() takes { events: { 'Event Name': rate } }, each rate from 0 to 1.");
  }
  const rates = new Map<string, number>();
  for (const [event, rate] of Object.entries(events)) {
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw new SegmentConfigError(
        `sample.events`,
        `sample() rate of ${JSON.stringify(event)} must be a number from 0 to 1; got ${typeof rate === 'number' ? rate : typeof rate}.`,
      );
    }
    rates.set(event, rate);
  }
  const random = options.random ?? Math.random;
  if (typeof random !== 'function') throw new SegmentConfigError('sample.random', 'sample() random must be a function returning a number in [0, 1).');
  return function sample(message: SegmentMessage): SegmentMessage | null {
    if (message.type !== 'track' || message.event === undefined) return message;
    const rate = rates.get(message.event);
    return rate === undefined || random() < rate ? message : null;
  };
}
