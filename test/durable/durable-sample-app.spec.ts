import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { RedisServer } from '../support/redis-server.js';
import { buildSampleApp, privateBuild } from '../testing/support/private-build.js';

// The sample shop as `npm start` runs it, with SEGMENT_DURABLE_URL: its clients store every event
// in Redis first, deliver it to the embedded collector from there, and shut down cleanly.
describe('the sample app with SEGMENT_DURABLE_URL', () => {
  const redis = new RedisServer();
  let app: string;

  beforeAll(async () => {
    [app] = await Promise.all([privateBuild('durable-sample').then(buildSampleApp), redis.start()]);
  }, 120_000);
  afterAll(() => redis.dispose());

  it('serves, stores and delivers what a request tracks, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [`${app}main.js`], {
      env: { ...process.env, SEGMENT_WRITE_KEY: '', PORT: '0', SEGMENT_DURABLE_URL: redis.url() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const printed = (pattern: RegExp): Promise<RegExpExecArray> =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(stdout);
          if (match) resolve(match);
        };
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk;
          check();
        });
        check();
        child.on('exit', (code) => reject(new Error(`exited (${code}) before printing ${pattern}: ${stdout}${stderr}`)));
      });
    try {
      const [, url] = await printed(/Sample shop listening on (http:\/\/127\.0\.0\.1:\d+) \(express\)/);
      const response = await fetch(`${url}/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ada@example.com' }) });
      expect(response.status).toBe(201);
      await printed(/✓ track {5}"Signed Up"/);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    expect(stderr).toBe('');
    expect(stdout).toContain('   ✓ identify  user=user_1');
    // They went through Redis: the queue numbered its jobs, and none is left.
    const client = new Redis(redis.url());
    try {
      const counters = await client.keys('bull:segment-*:id');
      expect(counters).toHaveLength(1);
      expect(Number(await client.get(counters[0]!))).toBeGreaterThan(0);
      expect(await client.keys('bull:segment-*:segment-batch:*')).toEqual([]);
    } finally {
      client.disconnect();
    }
  });
});
