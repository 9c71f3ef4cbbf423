/** Runs `call`, expects it to throw an instance of `type`, and returns that error for closer checks. */
export function expectThrown<E extends Error>(type: abstract new (...args: never[]) => E, call: () => unknown): E {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected a ${type.name}, nothing was thrown`);
}
