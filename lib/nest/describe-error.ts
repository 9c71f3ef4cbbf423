/** An error as one line for logs: `TypeError: x is undefined`. Never the stack, never fields. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
