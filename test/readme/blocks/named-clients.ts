// README "Nest reference > Named clients": the first block, verbatim. It continues an
// app.module.ts, so the imports it relies on come first. nest-reference.readme.spec.ts
// imports it once SEGMENT_WRITE_KEY and MARKETING_WRITE_KEY are set.
import { Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { InjectSegment, SegmentModule, SegmentService } from 'nestjs-segment';

@Module({
  imports: [
    SegmentModule.forRoot({ writeKey: process.env.SEGMENT_WRITE_KEY! }),
    SegmentModule.forRootAsync({
      name: 'marketing',
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({ writeKey: config.getOrThrow('MARKETING_WRITE_KEY') }),
    }),
  ],
})
export class AppModule {}

@Injectable()
export class NewsletterService {
  constructor(@InjectSegment('marketing') private readonly marketing: SegmentService) {}
}

// and in decorators: @Track('Newsletter Opened', { client: 'marketing' })
