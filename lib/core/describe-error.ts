/**
 * An error as one line for logs and reports: its code (`ECONNRESET: socket hang up`) or its
 * name (`TypeError: x is undefined`), then its message; never the stack or other fields. Total:
 * the value may be anything a caller's code threw, and reading it may itself throw.
 */
export function describeError(error: unknown): string {
  try {
    if (error instanceof Error) {
      const code = (error as Error & { code?: unknown }).code;
      return `${typeof code === 'string' ? code : error.name}: ${error.message}`;
    }
    return String(error);
  } catch {
    return 'an unprintable value was thrown';
  }
}
