import { Body, Controller, Get, Injectable, Post, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Group, Identify, InjectSegment, Page, SegmentService, Track } from '../../../lib/index.js';

/** `x-user-id` becomes `request.user.id`, as a Passport strategy would set it. */
export class HeaderUserGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: { id: string } }>();
    const id = request.headers['x-user-id'];
    if (id !== undefined) request.user = { id };
    return true;
  }
}

export interface Order {
  id: string;
  total: number;
}

/** Uses the default client from a service, as application code does. */
@Injectable()
export class CheckoutService {
  constructor(private readonly segment: SegmentService) {}

  pay(order: Order, card: string): Order {
    if (card === 'declined') {
      this.segment.track({ event: 'Payment Failed', properties: { orderId: order.id, total: order.total, reason: 'card_declined' } });
      throw new Error('card declined');
    }
    return order;
  }
}

/** Every way a message leaves: decorators, the injected default client, and a named client. */
@Controller()
@UseGuards(HeaderUserGuard)
export class CheckoutController {
  constructor(
    private readonly checkout: CheckoutService,
    @InjectSegment('marketing') private readonly marketing: SegmentService,
  ) {}

  @Post('orders')
  @Track<Order>('Order Completed', { properties: ({ result }) => ({ orderId: result!.id, total: result!.total }) })
  order(@Body() body: { total: number; card?: string }): Order {
    return this.checkout.pay({ id: 'o-1', total: body.total }, body.card ?? 'ok');
  }

  @Post('signup')
  @Identify<{ id: string; email: string }>({ userId: ({ result }) => result!.id, traits: ({ result }) => ({ email: result!.email }) })
  @Track<{ id: string }>('Signed Up', { userId: ({ result }) => result!.id })
  signup(@Body() body: { email: string; newsletter?: boolean }): { id: string; email: string } {
    const user = { id: 'u-new', email: body.email };
    if (body.newsletter) this.marketing.track({ userId: user.id, event: 'Newsletter Subscribed' });
    return user;
  }

  @Get('account')
  @Page('Account', { category: 'Settings' })
  @Group<{ teamId: string }>({ groupId: ({ result }) => result!.teamId, traits: { plan: 'pro' } })
  account(): { teamId: string } {
    return { teamId: 'team-1' };
  }
}
