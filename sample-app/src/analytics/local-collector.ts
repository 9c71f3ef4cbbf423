import { SegmentCollector } from 'nestjs-segment/testing';

/** Write keys of the embedded collector (it accepts any); two, so each client's requests stay apart. */
export const LOCAL_WRITE_KEYS = { default: 'sample-local', marketing: 'sample-local-marketing' } as const;

/**
 * Starts a Segment-compatible collector on 127.0.0.1 and returns it with the environment that
 * points the app at it: the same SEGMENT_* variables a real deployment sets, so the app's
 * configuration code is the one that runs in production.
 */
export async function startLocalCollector(): Promise<{ collector: SegmentCollector; env: Record<string, string> }> {
  const collector = new SegmentCollector();
  const url = await collector.start();
  return {
    collector,
    env: { SEGMENT_WRITE_KEY: LOCAL_WRITE_KEYS.default, SEGMENT_MARKETING_WRITE_KEY: LOCAL_WRITE_KEYS.marketing, SEGMENT_HOST: url },
  };
}

/** Runs `create` with `vars` set in process.env, then puts the previous values back. */
export async function withEnv<T>(vars: Record<string, string>, create: () => Promise<T>): Promise<T> {
  const previous = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  Object.assign(process.env, vars);
  try {
    return await create();
  } finally {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
