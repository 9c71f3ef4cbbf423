import { Inject } from '@nestjs/common';
import { getSegmentToken } from './segment.tokens.js';

/** Injects the `SegmentService` of the client registered with `name` (the default client without one). */
export const InjectSegment = (name?: string): PropertyDecorator & ParameterDecorator => Inject(getSegmentToken(name));
