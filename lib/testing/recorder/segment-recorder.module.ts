import { Global, Module } from '@nestjs/common';
import { SegmentRecorder } from './segment-recorder.js';

/**
 * Holds the one `SegmentRecorder` of an application: every `SegmentTestingModule.forRoot()`
 * imports this static module, and Nest keeps a single instance of it, so the default and the
 * named clients all record into the same recorder.
 */
@Global()
@Module({ providers: [SegmentRecorder], exports: [SegmentRecorder] })
export class SegmentRecorderModule {}
