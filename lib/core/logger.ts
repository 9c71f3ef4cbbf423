/** What the client logs through. Nest's `Logger` and `console` both fit. */
export interface SegmentLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug?(message: string): void;
}

const PREFIX = '[nestjs-segment] ';

/** The default: warnings and errors to the console; nothing on the success path. */
export const consoleLogger: SegmentLogger = {
  log: (message) => console.log(PREFIX + message),
  warn: (message) => console.warn(PREFIX + message),
  error: (message) => console.error(PREFIX + message),
  debug: (message) => console.debug(PREFIX + message),
};
