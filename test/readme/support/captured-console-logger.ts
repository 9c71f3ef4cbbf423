import { ConsoleLogger, type LogLevel } from '@nestjs/common';

/**
 * Nest's own ConsoleLogger (colours off), keeping each line exactly as it would print it
 * (`[Nest] 4242  - 05/01/2026, 10:00:00 AM    WARN [Segment] shutdown flush: ...`) instead
 * of writing it, so a test can compare what an operator would read with the README.
 */
export class CapturedConsoleLogger extends ConsoleLogger {
  readonly printed: string[] = [];

  constructor() {
    super({ colors: false });
  }

  protected override formatMessage(
    logLevel: LogLevel,
    message: unknown,
    pidMessage: string,
    formattedLogLevel: string,
    contextMessage: string,
    timestampDiff: string,
    params?: Record<string, unknown>,
  ): string {
    this.printed.push(super.formatMessage(logLevel, message, pidMessage, formattedLogLevel, contextMessage, timestampDiff, params).trimEnd());
    return '';
  }

  protected override printStackTrace(stack: string): void {
    if (stack) this.printed.push(stack);
  }

  get text(): string {
    return this.printed.join('\n');
  }
}
