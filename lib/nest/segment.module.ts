import { Inject, Module, type DynamicModule, type NestModule } from '@nestjs/common';
import { SEGMENT_APP_BINDING, type SegmentAppBinding } from './segment-app-binding.js';
import { SEGMENT_ASYNC_OPTIONS_TYPE, SegmentConfigurableModule } from './segment.module-definition.js';
import type { SegmentModuleAsyncOptions, SegmentModuleRootOptions } from './segment-module.options.js';

/**
 * Registers a Segment client. Call `forRoot`/`forRootAsync` once per client: without `name` it
 * is the default `SegmentService`; with one, inject it with `@InjectSegment(name)`.
 *
 * @publicApi
 */
@Module({})
export class SegmentModule extends SegmentConfigurableModule implements NestModule {
  constructor(@Inject(SEGMENT_APP_BINDING) private readonly binding: SegmentAppBinding) {
    super();
  }

  static override forRoot(options: SegmentModuleRootOptions): DynamicModule {
    return super.forRoot(options);
  }

  /** The builder's own method, typed so that `useFactory` needs no `any`. */
  static override forRootAsync(options: SegmentModuleAsyncOptions): DynamicModule {
    return super.forRootAsync(options as typeof SEGMENT_ASYNC_OPTIONS_TYPE);
  }

  /** Nest calls this before it registers the routes: the moment to open request contexts. */
  configure(): void {
    this.binding.openRequestContexts();
  }
}
