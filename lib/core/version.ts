/** Sent as `context.library` and in the User-Agent; checked against package.json by a test. */
export const LIBRARY_NAME = 'nestjs-segment';
export const LIBRARY_VERSION = '0.1.0';
