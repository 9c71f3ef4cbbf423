import type { INestApplication } from '@nestjs/common';
import { SegmentService, getSegmentToken, type SegmentMessage } from 'nestjs-segment';
import type { CollectedMessage, SegmentCollector } from 'nestjs-segment/testing';
import { MARKETING } from './segment-clients.js';

/** What delivery printing counted so far. */
export interface DeliveryTally {
  delivered: number;
  /** Messages reported failed or dropped (each with its reason in the output). */
  lost: number;
}

function payloadOf(message: CollectedMessage | SegmentMessage): string {
  const who = message.userId ?? (message.anonymousId === undefined ? '' : `anonymous ${message.anonymousId}`);
  const label = message.event ?? message.name;
  const payload = message.properties ?? message.traits;
  const parts = [String(message.type).padEnd(8), label === undefined ? '' : JSON.stringify(label), who === '' ? '' : `user=${who}`];
  if (message.groupId !== undefined) parts.push(`group=${message.groupId}`);
  if (payload !== undefined && Object.keys(payload).length > 0) parts.push(JSON.stringify(payload));
  return parts.filter((part) => part !== '').join('  ');
}

function contextOf(message: CollectedMessage): string {
  const context = (message.context ?? {}) as Record<string, unknown>;
  const page = context.page as { path?: string } | undefined;
  const parts = [
    context.ip === undefined ? undefined : `ip=${String(context.ip)}`,
    page?.path === undefined ? undefined : `page=${page.path}`,
    context.locale === undefined ? undefined : `locale=${String(context.locale)}`,
    context.userAgent === undefined ? undefined : `userAgent=${JSON.stringify(context.userAgent)}`,
  ];
  return parts.filter((part) => part !== undefined).join(' ');
}

/**
 * Prints every message as its client reports it delivered (from `events$`), with the body the
 * embedded collector received; without a collector, the messageIds Segment accepted.
 * Returns the running tally and a function that stops printing.
 */
export function printDeliveries(app: INestApplication, collector: SegmentCollector | undefined, print: (line: string) => void): { tally: DeliveryTally; stop: () => void } {
  const tally: DeliveryTally = { delivered: 0, lost: 0 };
  const clients: [string, SegmentService][] = [
    ['default', app.get(SegmentService)],
    [MARKETING, app.get<string, SegmentService>(getSegmentToken(MARKETING) as string)],
  ];
  const subscriptions = clients.map(([name, service]) =>
    service.events$.subscribe((event) => {
      const client = name === 'default' ? '' : `  (${name} client)`;
      if (event.type === 'delivered') {
        for (const id of event.messageIds) {
          tally.delivered++;
          const message = collector?.messages.find((candidate) => candidate.messageId === id);
          if (message === undefined) {
            print(`   ✓ delivered ${id}${client}`);
            continue;
          }
          print(`   ✓ ${payloadOf(message)}${client}`);
          const context = contextOf(message);
          if (context !== '') print(`       context: ${context}`);
        }
      } else if (event.type === 'failed' || event.type === 'dropped') {
        tally.lost += Math.max(event.messages.length, 1);
        print(`   ✗ ${event.type} (${event.reason}): ${event.error.message}${client}`);
      }
    }),
  );
  return { tally, stop: () => subscriptions.forEach((subscription) => subscription.unsubscribe()) };
}
