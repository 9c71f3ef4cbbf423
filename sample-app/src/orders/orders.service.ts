import { BadRequestException, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { SegmentService } from 'nestjs-segment';
import { CATALOG, type LineItem, type Order } from './order.js';
import { PaymentDeclinedError, PaymentsService } from './payments.service.js';
import type { TrackingPlan } from '../analytics/tracking-plan.js';

@Injectable()
export class OrdersService {
  private nextId = 1;

  constructor(
    private readonly payments: PaymentsService,
    private readonly segment: SegmentService<TrackingPlan>,
  ) {}

  place(userId: string, wanted: readonly { sku: string; quantity: number }[], card: string): Order {
    const items = wanted.map(({ sku, quantity }): LineItem => {
      const product = CATALOG[sku];
      if (product === undefined) throw new BadRequestException(`unknown sku ${sku}`);
      return { sku, name: product.name, price: product.price, quantity };
    });
    const id = `order_${this.nextId++}`;
    const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);
    try {
      const chargeId = this.payments.charge(total, card);
      return { id, userId, items, total, currency: 'EUR', chargeId };
    } catch (error) {
      if (!(error instanceof PaymentDeclinedError)) throw error;
      // Sent from a service with the injected client. No userId given: inside a request the
      // module fills it from request.user, and adds the request's context.
      this.segment.track({ event: 'Payment Failed', properties: { orderId: id, total, currency: 'EUR', reason: error.reason } });
      throw new HttpException({ statusCode: HttpStatus.PAYMENT_REQUIRED, message: 'payment declined', reason: error.reason }, HttpStatus.PAYMENT_REQUIRED);
    }
  }
}
