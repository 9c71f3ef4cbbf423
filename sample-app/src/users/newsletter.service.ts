import { Injectable } from '@nestjs/common';
import { InjectSegment, SegmentService } from 'nestjs-segment';
import { MARKETING } from '../analytics/segment-clients.js';
import type { TrackingPlan } from '../analytics/tracking-plan.js';
import type { User } from './user.js';

/** Newsletter sign-ups belong to the marketing team's Segment source: the named client. */
@Injectable()
export class NewsletterService {
  constructor(@InjectSegment(MARKETING) private readonly marketing: SegmentService<TrackingPlan>) {}

  subscribe(user: User): void {
    // Inside a request, the client adds the request's context (ip, userAgent, page, locale).
    this.marketing.track({ userId: user.id, event: 'Newsletter Subscribed', properties: { list: 'product-updates' } });
  }
}
