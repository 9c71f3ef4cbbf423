import { BadRequestException, Controller, Get, Param, Post, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { of, type Observable } from 'rxjs';
import { Alias, Group, Identify, Page, Screen, SegmentService, Track, type SegmentHttpRequest } from '../../../lib/index.js';

/** Plays the auth guard: `x-user-id` becomes `request.user.id`, as Passport would set it. */
export class HeaderAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: { id: string } }>();
    const id = request.headers['x-user-id'];
    if (id !== undefined) request.user = { id };
    return true;
  }
}

interface Order {
  id: string;
  total: number;
}

/** Handlers covering the service, every decorator, each handler shape and each `when`. */
@Controller()
@UseGuards(HeaderAuthGuard)
export class ShopController {
  constructor(private readonly segment: SegmentService) {}

  @Get('orders/:id')
  view(@Param('id') id: string): { messageId: string } {
    const messageId = this.segment.track({
      event: 'Order Viewed',
      properties: { id },
      context: { page: { title: 'Order' }, campaign: { name: 'spring' } },
    });
    return { messageId };
  }

  @Get('health')
  health(): { messageId: string } {
    return { messageId: this.segment.track({ event: 'Health Checked', userId: 'system' }) };
  }

  @Post('orders')
  @Track<Order>('Order Completed', { properties: ({ result }) => ({ orderId: result!.id, total: result!.total }) })
  create(): Order {
    return { id: 'o-1', total: 42 };
  }

  @Post('orders/async')
  @Track<Order>('Order Completed Async', { properties: ({ result }) => ({ total: result!.total }) })
  async createAsync(): Promise<Order> {
    await Promise.resolve();
    return { id: 'o-2', total: 7 };
  }

  @Get('orders-stream')
  @Track<number>('Stream Finished', { properties: ({ result }) => ({ last: result }) })
  stream(): Observable<number> {
    return of(1, 2, 3);
  }

  @Get('refused')
  @Track('Order Refused', { when: 'error', properties: ({ error }) => ({ reason: (error as Error).message }) })
  @Track('Order Placed')
  @Track('Order Attempted', { when: 'always', properties: ({ error }) => ({ failed: error !== undefined }) })
  refuse(): never {
    throw new BadRequestException('out of stock');
  }

  @Get('placed')
  @Track('Order Refused', { when: 'error' })
  @Track('Order Placed')
  @Track('Order Attempted', { when: 'always', properties: ({ error }) => ({ failed: error !== undefined }) })
  place(): { placed: true } {
    return { placed: true };
  }

  @Get('mapper-throws')
  @Track('Never Sent', {
    properties: () => {
      throw new TypeError('result.items is undefined');
    },
  })
  @Track('Still Sent')
  mapperThrows(): { ok: true } {
    return { ok: true };
  }

  @Get('anonymous')
  @Track('Needs A User')
  anonymous(): { ok: true } {
    return { ok: true };
  }

  @Post('signup')
  @Identify<Order>({ userId: ({ result }) => result!.id, traits: { plan: 'free' } })
  @Alias<Order, SegmentHttpRequest>({ previousId: ({ request }) => request!.headers['x-anonymous-id'] as string, userId: ({ result }) => result!.id })
  @Group<Order>({ groupId: 'team-1', userId: ({ result }) => result!.id, traits: { name: 'Team' } })
  @Track<Order>('Signed Up', { userId: ({ result }) => result!.id })
  signup(): Order {
    return { id: 'new-user', total: 0 };
  }

  @Get('pricing')
  @Page('Pricing', { category: 'Marketing', properties: ({ request }) => ({ plan: (request!.query as { plan?: string }).plan }) })
  @Screen('Pricing Screen')
  pricing(): { ok: true } {
    return { ok: true };
  }

  @Get('boom')
  boom(): never {
    throw new Error('kaboom');
  }

  @Get('missing')
  missing(): never {
    throw new BadRequestException('no such thing');
  }
}
