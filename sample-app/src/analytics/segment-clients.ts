import { fileURLToPath } from 'node:url';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { SegmentModule, scrub, segmentConfig, type SegmentModuleOptions } from 'nestjs-segment';

/**
 * The default client, configured from the SEGMENT_* environment variables (SEGMENT_WRITE_KEY,
 * SEGMENT_HOST, SEGMENT_FLUSH_INTERVAL, ...) through @nestjs/config. SEGMENT_DURABLE_URL (a Redis
 * URL) switches on durable delivery: accepted events are stored in Redis and survive a restart.
 *
 * Kept in a constant so a test can swap it: `overrideModule(segmentModule)` matches the very
 * object the application imported.
 */
export const segmentModule = SegmentModule.forRootAsync(segmentConfig.asProvider());

/** The marketing team's Segment source: SEGMENT_MARKETING_WRITE_KEY, or the default source's key. */
export const MARKETING = 'marketing';

/** The shop's tracking plan, as Segment exports it; its types are ./tracking-plan.ts (`npx nestjs-segment typegen`). */
export const TRACKING_PLAN_FILE = fileURLToPath(new URL('../../tracking-plan.json', import.meta.url));

/**
 * A named client, injected with `@InjectSegment(MARKETING)`; same settings, its own write key.
 * Its messages are checked against the shop's tracking plan (SEGMENT_TRACKING_PLAN, or the
 * sample's plan file), and contact details never reach the marketing source, whatever a caller
 * puts in properties, traits or context.
 */
export const marketingModule = SegmentModule.forRootAsync({
  name: MARKETING,
  imports: [ConfigModule.forFeature(segmentConfig)],
  inject: [segmentConfig.KEY, ConfigService],
  useFactory: (segment: SegmentModuleOptions, config: ConfigService): SegmentModuleOptions => ({
    ...segment,
    writeKey: config.get<string>('SEGMENT_MARKETING_WRITE_KEY') ?? segment.writeKey,
    trackingPlan: segment.trackingPlan ?? { plan: TRACKING_PLAN_FILE },
    middleware: [scrub({ keys: ['email', 'phone'] })],
    // With SEGMENT_DURABLE_URL set, each source keeps its own queue in Redis: a stored message is
    // delivered under the write key of the client that accepted it.
    durable: segment.durable && { ...segment.durable, queue: segment.durable.queue === undefined ? undefined : `${segment.durable.queue}-marketing` },
  }),
});
