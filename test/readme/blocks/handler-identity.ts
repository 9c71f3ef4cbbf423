// README "Nest reference > What handled a message": both blocks, verbatim. handler-identity.readme.spec.ts
// imports this once SEGMENT_WRITE_KEY is set, and runs the gateway and the payments service.
import { Controller, Module, UseInterceptors } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { SegmentContextInterceptor, SegmentModule, SegmentService, Track } from 'nestjs-segment';

@WebSocketGateway()
@UseInterceptors(SegmentContextInterceptor)
export class OrdersGateway {
  @SubscribeMessage('orders.watch')
  @Track('Orders Watched', { properties: ({ args }) => ({ orderId: (args[0] as { orderId: string }).orderId }) })
  watch(@MessageBody() body: { orderId: string }) {
    return { event: 'watching', data: body.orderId };
  }
}

@Controller()
export class PaymentsController {
  constructor(private readonly segment: SegmentService) {}

  @EventPattern('payment.settled')
  settled(@Payload() payment: { userId: string; amount: number }) {
    this.segment.track({ event: 'Payment Settled', userId: payment.userId, properties: { amount: payment.amount } });
  }
}

@Module({
  imports: [SegmentModule.forRoot({ writeKey: process.env.SEGMENT_WRITE_KEY! })],
  controllers: [PaymentsController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: SegmentContextInterceptor }],
})
export class PaymentsModule {}
