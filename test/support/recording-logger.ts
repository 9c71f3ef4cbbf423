import type { SegmentLogger } from '../../lib/index.js';

/** A logger that keeps every line, so tests can assert what was said (and what never was). */
export class RecordingLogger implements SegmentLogger {
  readonly lines: Array<{ level: 'log' | 'warn' | 'error' | 'debug'; message: string }> = [];

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

  at(level: 'log' | 'warn' | 'error' | 'debug'): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.message);
  }

  text(): string {
    return this.lines.map((line) => `${line.level}: ${line.message}`).join('\n');
  }
}
