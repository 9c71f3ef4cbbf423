import { Module, UseInterceptors } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Args, Field, ID, Int, Mutation, ObjectType, Query, Resolver, GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import request from 'supertest';
import { SegmentContextInterceptor, SegmentModule, SegmentService, Track, type SegmentModuleOptions } from '../../../lib/index.js';
import type { SegmentCollector } from '../../../lib/testing/index.js';
import { ADAPTERS, bootApp, type RunningApp } from '../support/adapters.js';
import { optionsFor, startCollector } from '../support/collector.js';
import { BROWSER, countingUser, delivered, named, type CountingUser } from './support/context-test.js';

@ObjectType()
class OrderView {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  total!: number;
}

@Resolver(() => OrderView)
@UseInterceptors(SegmentContextInterceptor)
class OrdersResolver {
  constructor(private readonly segment: SegmentService) {}

  @Query(() => OrderView)
  @Track<OrderView>('Order Viewed', { properties: ({ result }) => ({ orderId: result!.id }) })
  order(@Args('id', { type: () => ID }) id: string): OrderView {
    return { id, total: 10 };
  }

  @Query(() => OrderView)
  failing(): OrderView {
    throw new Error('kaboom');
  }

  @Mutation(() => OrderView)
  async placeOrder(@Args('total', { type: () => Int }) total: number): Promise<OrderView> {
    await Promise.resolve();
    this.segment.track({ event: 'Order Placed', properties: { total } });
    return { id: 'o-9', total };
  }
}

/** No interceptor: forwardErrors still tells the GraphQL handler of what escaped. */
@Resolver()
class StockResolver {
  @Query(() => Int)
  stock(): number {
    throw new Error('stock service down');
  }
}

@Module({ providers: [OrdersResolver, StockResolver] })
class OrdersModule {}

const ALIASED = 'query OrderPage { first: order(id: "1") { id } second: order(id: "2") { id total } }';

const DRIVERS = [
  { name: 'Apollo on Express', route: undefined, adapter: ADAPTERS.find((adapter) => adapter.name === 'Express')!, graphql: () => GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true, playground: false }) },
  { name: 'Mercurius on Fastify', route: '/graphql', adapter: ADAPTERS.find((adapter) => adapter.name === 'Fastify')!, graphql: () => GraphQLModule.forRoot<MercuriusDriverConfig>({ driver: MercuriusDriver, autoSchemaFile: true, graphiql: false }) },
];

describe.each(DRIVERS)('GraphQL code-first, $name, with SegmentContextInterceptor on the resolver', ({ adapter, graphql, route }) => {
  let collector: SegmentCollector;
  let running: RunningApp | undefined;
  let user: CountingUser;

  beforeEach(async () => {
    collector = await startCollector();
    user = countingUser();
  });
  afterEach(async () => {
    await running?.app.close();
    running = undefined;
    await collector.stop();
  });

  async function boot(options: Partial<SegmentModuleOptions> & { forwardErrors?: boolean } = {}): Promise<string> {
    running = await bootApp(adapter, { imports: [SegmentModule.forRoot({ ...optionsFor(collector, { user: user.resolver }), ...options }), graphql(), OrdersModule] });
    return running.url;
  }

  async function query(url: string, body: object): Promise<unknown> {
    const response = await request(url).post('/graphql').set(BROWSER).send(body).expect(200);
    expect(response.body.errors).toBeUndefined();
    return response.body.data;
  }

  it('aliased fields send one event each, told apart by their response path, with the operation and the HTTP request', async () => {
    const url = await boot();
    await expect(query(url, { query: ALIASED, operationName: 'OrderPage' })).resolves.toEqual({ first: { id: '1' }, second: { id: '2', total: 10 } });
    const viewed = named(await delivered(running!.app, collector), 'Order Viewed');
    expect(viewed.map((message) => message.properties)).toEqual([{ orderId: '1' }, { orderId: '2' }]);
    for (const [message, path] of [[viewed[0]!, 'first'], [viewed[1]!, 'second']] as const) {
      expect(message.userId).toBe('user-7');
      expect(message.context).toEqual({
        ip: '127.0.0.1',
        userAgent: BROWSER['user-agent'],
        locale: 'fr-CH',
        page: { path: '/graphql', search: '', url: `${url}/graphql` },
        handler: { kind: 'graphql', operation: 'query', operationName: 'OrderPage', field: 'Query.order', path, target: 'OrdersResolver.order' },
        library: expect.objectContaining({ name: 'nestjs-segment' }),
      });
    }
    // Two resolver calls, one request: the request's context and user were computed once.
    expect(user.calls).toBe(1);
  });

  it('a SegmentService call in an async mutation carries the mutation (an anonymous operation has no operationName)', async () => {
    const url = await boot();
    await query(url, { query: 'mutation { placeOrder(total: 42) { id } }' });
    await query(url, { query: 'mutation { placeOrder(total: 7) { id } }' });
    const placed = named(await delivered(running!.app, collector), 'Order Placed');
    expect(placed).toHaveLength(2);
    expect(placed[0]!.context).toEqual(
      expect.objectContaining({
        ip: '127.0.0.1',
        handler: { kind: 'graphql', operation: 'mutation', field: 'Mutation.placeOrder', path: 'placeOrder', target: 'OrdersResolver.placeOrder' },
      }),
    );
    expect(user.calls).toBe(2);
  });

  it('with requestContext: false the interceptor opens the request context itself, still once per request, privacy options applied', async () => {
    const url = await boot({ requestContext: false, context: { ip: 'anonymize', locale: false } });
    await query(url, { query: ALIASED });
    const viewed = named(await delivered(running!.app, collector), 'Order Viewed');
    expect(viewed.map((message) => message.context)).toEqual([
      expect.objectContaining({ ip: '127.0.0.0', userAgent: BROWSER['user-agent'], handler: expect.objectContaining({ path: 'first', operationName: 'OrderPage' }) }),
      expect.objectContaining({ ip: '127.0.0.0', userAgent: BROWSER['user-agent'], handler: expect.objectContaining({ path: 'second' }) }),
    ]);
    expect(viewed[0]!.context).not.toHaveProperty('locale');
    expect(user.calls).toBe(1);
  });

  it('forwardErrors: an error escaping a resolver is tracked with the operation and field that failed', async () => {
    const url = await boot({ forwardErrors: true });
    const response = await request(url).post('/graphql').set(BROWSER).send({ query: 'query Broken { failing { id } }' }).expect(200);
    expect(response.body.errors).toEqual([expect.objectContaining({ message: 'kaboom' })]);
    const [captured] = named(await delivered(running!.app, collector), 'Error Captured');
    expect(captured).toEqual(expect.objectContaining({ userId: 'user-7' }));
    // The endpoint's route where the adapter routes it (Fastify); Apollo on Express is a middleware.
    expect(captured!.properties).toEqual({ name: 'Error', message: 'kaboom', status: 500, method: 'POST', ...(route === undefined ? {} : { route }) });
    expect(captured!.context).toEqual(
      expect.objectContaining({
        ip: '127.0.0.1',
        handler: { kind: 'graphql', operation: 'query', operationName: 'Broken', field: 'Query.failing', path: 'failing', target: 'OrdersResolver.failing' },
      }),
    );
  });

  it('forwardErrors on a resolver without the interceptor: still told with its GraphQL handler', async () => {
    const url = await boot({ forwardErrors: true });
    await request(url).post('/graphql').set(BROWSER).send({ query: '{ stock }' }).expect(200);
    const [captured] = named(await delivered(running!.app, collector), 'Error Captured');
    expect(captured!.properties).toEqual(expect.objectContaining({ message: 'stock service down', status: 500 }));
    expect(captured!.context).toEqual(expect.objectContaining({ handler: { kind: 'graphql', operation: 'query', field: 'Query.stock', path: 'stock', target: 'StockResolver.stock' } }));
  });
});
