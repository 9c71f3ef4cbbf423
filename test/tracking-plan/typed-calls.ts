/*
 * Compiled by the project's type check (`npm run typecheck`), never run: each
 * `@ts-expect-error` below must be a real error, or tsc fails on the unused directive.
 * The plan type is the CLI's output for test/fixtures/tracking-plans/shop.public-api.json.
 */
import { SegmentClient, SegmentService, segmentDecorators } from '../../lib/index.js';
import type { TrackingPlan } from '../fixtures/tracking-plans/shop-plan.js';

const { Track, Identify, Group } = segmentDecorators<TrackingPlan>();

export function typedServiceCalls(segment: SegmentService<TrackingPlan>): void {
  segment.track({ userId: 'u1', event: 'Order Completed', properties: { orderId: 'o1', total: 42, currency: 'EUR' } });
  segment.track({ userId: 'u1', event: 'Page Viewed' });
  segment.track({ userId: 'u1', event: 'Feedback Sent', properties: { anything: 'goes', for: ['an', 'open', 'schema'] } });
  segment.identify({ userId: 'u1', traits: { email: 'ada@example.com', plan: 'pro' } });
  segment.group({ userId: 'u1', groupId: 'g1', traits: { name: 'Acme', seats: 3 } });
  segment.page({ userId: 'u1', name: 'Anything', properties: { free: 'form' } });

  // @ts-expect-error a misspelled event name
  segment.track({ userId: 'u1', event: 'Order Complted', properties: { orderId: 'o1', total: 42, currency: 'EUR' } });
  // @ts-expect-error a misspelled property name
  segment.track({ userId: 'u1', event: 'Order Completed', properties: { orderId: 'o1', total: 42, currency: 'EUR', totl: 42 } });
  // @ts-expect-error a property of the wrong type
  segment.track({ userId: 'u1', event: 'Order Completed', properties: { orderId: 'o1', total: '42', currency: 'EUR' } });
  // @ts-expect-error a value outside the planned enum
  segment.track({ userId: 'u1', event: 'Order Completed', properties: { orderId: 'o1', total: 42, currency: 'GBP' } });
  // @ts-expect-error required properties left out
  segment.track({ userId: 'u1', event: 'Order Completed' });
  // @ts-expect-error an identify trait of the wrong type
  segment.identify({ userId: 'u1', traits: { plan: 'gold' } });
  // @ts-expect-error group traits are required by the plan
  segment.group({ userId: 'u1', groupId: 'g1' });
}

export function untypedServiceCalls(segment: SegmentService): void {
  segment.track({ userId: 'u1', event: 'Anything At All', properties: { totl: '42' } });
  segment.identify({ userId: 'u1', traits: { plan: 'gold' } });
  segment.group({ userId: 'u1', groupId: 'g1' });
}

export function typedClientCalls(client: SegmentClient<TrackingPlan>, plain: SegmentClient): void {
  client.track({ userId: 'u1', event: 'Product Viewed', properties: { productId: 'p1', price: null } });
  client.identify({ userId: 'u1', traits: { createdAt: '2026-12-02T00:00:00Z' } });
  plain.track({ userId: 'u1', event: 'Not In Any Plan', properties: { anything: 1 } });

  // @ts-expect-error a misspelled event name
  client.track({ userId: 'u1', event: 'Product Veiwed', properties: { productId: 'p1' } });
  // @ts-expect-error a misspelled property name
  client.track({ userId: 'u1', event: 'Product Viewed', properties: { productID: 'p1' } });
  // @ts-expect-error a property of the wrong type
  client.track({ userId: 'u1', event: 'Product Viewed', properties: { productId: 1 } });
  // @ts-expect-error a group trait of the wrong type
  client.group({ userId: 'u1', groupId: 'g1', traits: { name: 'Acme', seats: '3' } });
}

interface Order {
  id: string;
  total: number;
}

export class TypedController {
  @Track('Order Completed', { properties: { orderId: 'o1', total: 1, currency: 'USD' } })
  literal(): void {}

  @Track('Order Completed', { properties: ({ result }) => ({ orderId: String(result), total: 1, currency: 'EUR' as const }) })
  mapped(): void {}

  @Track<'Order Completed', Order>('Order Completed', { properties: ({ result }) => ({ orderId: result!.id, total: result!.total, currency: 'EUR' }) })
  typedResult(): Order {
    return { id: 'o1', total: 1 };
  }

  @Track('Page Viewed')
  noProperties(): void {}

  @Identify({ traits: { plan: 'free' } })
  identify(): void {}

  @Group({ groupId: 'g1', traits: { name: 'Acme' } })
  group(): void {}

  // @ts-expect-error a misspelled event name
  @Track('Ordr Completed')
  misspelledEvent(): void {}

  // @ts-expect-error a misspelled property in a literal
  @Track('Order Completed', { properties: { orderId: 'o1', total: 1, currency: 'USD', totl: 1 } })
  misspelledProperty(): void {}

  // @ts-expect-error a misspelled property returned by a mapper
  @Track('Order Completed', { properties: () => ({ orderId: 'o1', total: 1, currency: 'USD' as const, totl: 1 }) })
  misspelledMappedProperty(): void {}

  // @ts-expect-error a property of the wrong type returned by a mapper
  @Track('Order Completed', { properties: () => ({ orderId: 'o1', total: '1', currency: 'USD' as const }) })
  wrongMappedType(): void {}

  // @ts-expect-error required properties left out
  @Track('Order Completed')
  missingProperties(): void {}

  // @ts-expect-error an identify trait outside the planned enum
  @Identify({ traits: { plan: 'gold' } })
  wrongTrait(): void {}

  // @ts-expect-error a group trait the plan does not have
  @Group({ groupId: 'g1', traits: { name: 'Acme', size: 3 } })
  unknownGroupTrait(): void {}
}
