import type { SegmentLogger } from '../../../lib/index.js';

/** Keeps log lines for assertions (and out of the test output). */
export class RecordingLogger implements SegmentLogger {
  readonly lines: { level: string; message: string }[] = [];

  log(message: string): void {
    this.lines.push({ level: 'log', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string): void {
    this.lines.push({ level: 'error', message });
  }
  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }

  text(): string {
    return this.lines.map((line) => `${line.level}: ${line.message}`).join('\n');
  }
}
