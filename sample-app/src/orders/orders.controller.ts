import { BadRequestException, Body, Controller, Post, UseGuards } from '@nestjs/common';
import { Track } from '../analytics/planned-decorators.js';
import { CurrentUserId } from '../auth/current-user.decorator.js';
import { SessionGuard } from '../auth/session.guard.js';
import type { Order } from './order.js';
import { OrdersService } from './orders.service.js';

interface PlaceOrderBody {
  items?: unknown;
  card?: unknown;
}

@Controller('orders')
@UseGuards(SessionGuard)
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  /** Track "Order Completed" only when the handler succeeds (a declined card sends "Payment Failed" instead). */
  @Post()
  @Track<'Order Completed', Order>('Order Completed', {
    properties: ({ result }) => ({
      orderId: result!.id,
      total: result!.total,
      currency: result!.currency,
      products: result!.items.map(({ sku, name, price, quantity }) => ({ sku, name, price, quantity })),
    }),
  })
  place(@CurrentUserId() userId: string, @Body() body: PlaceOrderBody): Order {
    const items = Array.isArray(body?.items) ? (body.items as { sku?: unknown; quantity?: unknown }[]) : [];
    if (items.length === 0 || typeof body.card !== 'string') throw new BadRequestException('items (sku, quantity) and card are required');
    const wanted = items.map((item) => ({ sku: String(item.sku), quantity: typeof item.quantity === 'number' ? item.quantity : 1 }));
    return this.orders.place(userId, wanted, body.card);
  }
}
