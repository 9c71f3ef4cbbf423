// README "Five-minute Nest quick start": the app.module.ts block, verbatim, under the file name
// the README gives it (its import of ./orders.controller.js resolves to the next block).
// nest-quick-start.readme.spec.ts boots it once SEGMENT_WRITE_KEY is set.
import { Module } from '@nestjs/common';
import { SegmentModule } from 'nestjs-segment';
import { OrdersController } from './orders.controller.js';

@Module({
  imports: [SegmentModule.forRoot({ writeKey: process.env.SEGMENT_WRITE_KEY! })],
  controllers: [OrdersController],
})
export class AppModule {}
