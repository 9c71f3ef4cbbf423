import { spawn } from 'node:child_process';
import { buildSampleApp, privateBuild } from '../../test/testing/support/private-build.js';
import { runNode } from '../../test/support/run-node.js';

// `npm start` and `npm run demo` end by running the compiled sample with node. Here the sample is
// compiled against an installed copy of the package (its dist/ and declarations, reached by
// name through package.json `exports`), then run as those scripts run it. No SEGMENT_WRITE_KEY:
// the app must start its embedded collector.
const NO_SEGMENT = { SEGMENT_WRITE_KEY: '', PORT: '0' };

describe('the sample app as a process', () => {
  let app: string;

  beforeAll(async () => {
    app = await buildSampleApp(await privateBuild('sample-processes'));
  }, 60_000);

  it('npm run demo: prints the tour and exits 0 by itself', async () => {
    const run = await runNode(`${app}demo.js`, { env: NO_SEGMENT });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('(nothing leaves this machine)');
    expect(run.stdout).toContain('   ✓ track     "Payment Failed"  user=user_1');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('8 messages delivered to the local collector in 7 requests, none lost.');
  });

  it('npm start: serves, says where messages go, and on SIGTERM flushes them and exits 0', async () => {
    const child = spawn(process.execPath, [`${app}main.js`], { env: { ...process.env, ...NO_SEGMENT }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const listening = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk;
        const line = /Sample shop listening on (http:\/\/127\.0\.0\.1:\d+) \(express\)/.exec(stdout);
        if (line) resolve(line[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited (${code}) before listening: ${stdout}${stderr}`)));
    });

    try {
      const url = await listening;
      // The address printed at boot serves the event debugger page (README "Watching events live").
      const debuggerPage = await fetch(/Event debugger: open (http:\/\/127\.0\.0\.1:\d+\/) in a browser/.exec(stdout)![1]!);
      expect(await debuggerPage.text()).toContain('<title>Segment event debugger</title>');
      const response = await fetch(`${url}/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ada@example.com' }) });
      expect(response.status).toBe(201);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      // A failed expectation must not leave the server running.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    expect(stderr).toBe('');
    expect(stdout).toContain('Segment: SEGMENT_WRITE_KEY is not set, so messages go to an embedded local collector at http://127.0.0.1:');
    expect(stdout).toContain('SIGTERM: closing the app and flushing Segment.');
    expect(stdout).toContain('   ✓ identify  user=user_1');
    expect(stdout).toContain('   ✓ track     "Signed Up"  user=user_1  {"plan":"free"}');
  });
});
