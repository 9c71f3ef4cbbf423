// README "Five-minute Nest quick start": the @nestjs/config block, verbatim. The block uses
// `Module` without importing it (it continues app.module.ts), so the import comes first.
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { SegmentModule, segmentConfig } from 'nestjs-segment';

@Module({
  imports: [ConfigModule.forRoot(), SegmentModule.forRootAsync(segmentConfig.asProvider())],
})
export class AppModule {}
