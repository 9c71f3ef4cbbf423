import { SegmentOptionsError } from '../../lib/index.js';

/**
 * What a boot step (`app.init()`, `app.listen()`, `moduleRef.init()`) rejected with, which must
 * be a SegmentOptionsError; the app or module is closed either way.
 */
export async function optionsFailure(boot: () => Promise<unknown>, closable: { close(): Promise<unknown> }): Promise<SegmentOptionsError> {
  const error = await boot().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  await closable.close();
  expect(error).toBeInstanceOf(SegmentOptionsError);
  return error as SegmentOptionsError;
}
