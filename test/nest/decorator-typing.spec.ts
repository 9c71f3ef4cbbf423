/**
 * Decorator types follow the method they decorate. The `@ts-expect-error` lines are the test
 * of what must not compile: `npm run typecheck` fails if one of them compiles. The rest is
 * what must compile, and it runs in a real app.
 */
import { Body, Controller, Get, Headers, Post, applyDecorators } from '@nestjs/common';
import { of, type Observable } from 'rxjs';
import request from 'supertest';
import { Alias, Group, Identify, Page, Screen, SegmentModule, SegmentService, Track, type SegmentHttpRequest } from '../../lib/index.js';
import type { SegmentCollector } from '../../lib/testing/index.js';
import { ADAPTERS, bootApp, type RunningApp } from './support/adapters.js';
import { optionsFor, startCollector } from './support/collector.js';

interface Order {
  id: string;
  total: number;
}

class CreateOrderDto {
  coupon?: string;
  items!: number;
}

@Controller('typed')
class OrdersController {
  /** The method's own type: `args` are its parameters, `result` its awaited return value. No casts. */
  @Post('orders')
  @Track<OrdersController['create']>('Order Completed', {
    userId: ({ args: [, userId] }) => userId,
    properties: ({ args: [dto], result }) => ({ coupon: dto.coupon, items: dto.items, total: result?.total }),
  })
  async create(@Body() dto: CreateOrderDto, @Headers('x-user-id') userId: string): Promise<Order> {
    return { id: 'o-1', total: dto.items * 10 };
  }

  @Get('stream')
  @Track<OrdersController['stream']>('Stream Finished', { userId: 'u-typed', properties: ({ result }) => ({ last: result }) })
  stream(): Observable<number> {
    return of(1, 2, 3);
  }

  /** A result type: the method may return it, a Promise of it or an Observable of it. */
  @Get('sync')
  @Track<Order>('Sync', { userId: 'u-typed', properties: ({ result }) => ({ total: result?.total }) })
  sync(): Order {
    return { id: 'o-2', total: 2 };
  }

  @Get('observable')
  @Page<Order>('Order Page', { userId: 'u-typed', properties: ({ result }) => ({ id: result?.id }) })
  observable(): Observable<Order> {
    return of({ id: 'o-3', total: 3 });
  }

  @Get('every')
  @Identify<Order>({ userId: 'u-typed', traits: ({ result }) => ({ lastOrder: result?.id }) })
  @Screen<Order>('Checkout', { userId: 'u-typed' })
  @Group<Order>({ userId: 'u-typed', groupId: ({ result }) => result?.id })
  @Alias<Order, SegmentHttpRequest>({ previousId: ({ request }) => request?.headers['x-anonymous-id'] as string, userId: 'u-typed' })
  async every(): Promise<Order> {
    return { id: 'o-4', total: 4 };
  }

  /** Untyped: goes on anything, and stays a plain MethodDecorator (applyDecorators takes it). */
  @Get('untyped')
  @applyDecorators(Track('Untyped', { userId: 'u-typed', properties: ({ args, result }) => ({ args: args.length, result: typeof result }) }))
  untyped(): string {
    return 'text';
  }
}

/** Never booted: each decorator here must fail `tsc`. */
export class Mismatches {
  // @ts-expect-error A method returning a string is not an Order.
  @Track<Order>('Order Completed')
  text(): string {
    return '';
  }

  // @ts-expect-error Nor is a Promise of one.
  @Track<Order>('Order Completed')
  async later(): Promise<string> {
    return '';
  }

  // @ts-expect-error Nor an Observable of numbers.
  @Page<Order>('Order Page')
  numbers(): Observable<number> {
    return of(1);
  }

  // @ts-expect-error Each decorator checks: @Identify too.
  @Identify<Order>({ userId: 'u' })
  nothing(): void {}

  // @ts-expect-error A method type must be the method's own: other parameters do not fit.
  @Track<OrdersController['create']>('Order Completed')
  async other(name: string): Promise<Order> {
    return { id: name, total: 0 };
  }

  @Track<OrdersController['create']>('Order Completed', {
    // @ts-expect-error args are the method's parameters: a CreateOrderDto has no `email`.
    properties: ({ args: [dto] }) => ({ email: dto.email }),
  })
  async create(dto: CreateOrderDto, userId: string): Promise<Order> {
    return { id: userId, total: dto.items };
  }

  @Track<OrdersController['create']>('Order Completed', {
    // @ts-expect-error result is the awaited Order: no `then`, no `status`.
    properties: ({ result }) => ({ status: result?.status }),
  })
  async again(dto: CreateOrderDto, userId: string): Promise<Order> {
    return { id: userId, total: dto.items };
  }
}

describe.each(ADAPTERS)('typed decorators on $name', (adapter) => {
  let collector: SegmentCollector;
  let running: RunningApp | undefined;

  beforeEach(async () => {
    collector = await startCollector();
  });
  afterEach(async () => {
    await running?.app.close();
    running = undefined;
    await collector.stop();
  });

  it('mappers get the typed args and result, as the method received and returned them', async () => {
    running = await bootApp(adapter, { imports: [SegmentModule.forRoot(optionsFor(collector))], controllers: [OrdersController] });
    await request(running.url).post('/typed/orders').set('x-user-id', 'u-typed').send({ coupon: 'SPRING', items: 3 }).expect(201);
    for (const path of ['stream', 'sync', 'observable', 'every', 'untyped']) await request(running.url).get(`/typed/${path}`).set('x-anonymous-id', 'anon-1').expect(200);
    await running.app.get(SegmentService).flush();

    const sent = collector.messages.map((message) => [message.type, message.event ?? message.name ?? message.groupId ?? message.previousId, message.properties ?? message.traits]);
    expect(sent).toEqual([
      ['track', 'Order Completed', { coupon: 'SPRING', items: 3, total: 30 }],
      ['track', 'Stream Finished', { last: 3 }],
      ['track', 'Sync', { total: 2 }],
      ['page', 'Order Page', { id: 'o-3' }],
      ['identify', undefined, { lastOrder: 'o-4' }],
      ['screen', 'Checkout', undefined],
      ['group', 'o-4', undefined],
      ['alias', 'anon-1', undefined],
      ['track', 'Untyped', { args: 0, result: 'string' }],
    ]);
    expect(collector.messages[0]!.userId).toBe('u-typed');
  });
});
