// The README quick start's controller, as the "Testing with the kit" example tests it.
import { Controller, Param, Post } from '@nestjs/common';
import { SegmentService, Track } from 'nestjs-segment';

interface Order {
  id: string;
  total: number;
}

@Controller('orders')
export class OrdersController {
  constructor(private readonly segment: SegmentService) {}

  @Post()
  @Track<Order>('Order Completed', { properties: ({ result }) => ({ orderId: result!.id, total: result!.total }) })
  create(): Order {
    return { id: 'o-1', total: 42 };
  }

  @Post(':id/refund')
  refund(@Param('id') id: string) {
    this.segment.track({ event: 'Order Refunded', properties: { orderId: id } });
  }
}
