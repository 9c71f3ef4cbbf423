import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real redis-server of its own on a free loopback port: no persistence to disk, a temporary
 * working directory, stopped by its own pid. `stop()` then `start()` again brings it back on the
 * same port, empty, as after a restart without persistence.
 */
export class RedisServer {
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private dir: string | undefined;
  private chosenPort: number | undefined;

  constructor(private readonly extraArgs: readonly string[] = []) {}

  get port(): number {
    if (this.chosenPort === undefined) throw new Error('RedisServer is not started: await server.start() first');
    return this.chosenPort;
  }

  /** `redis://127.0.0.1:PORT` (optionally with a path such as `/2` for a database). */
  url(path = ''): string {
    return `redis://127.0.0.1:${this.port}${path}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  async start(): Promise<string> {
    if (this.child !== undefined) return this.url();
    this.chosenPort ??= await freePort();
    this.dir ??= mkdtempSync(join(tmpdir(), 'segment-redis-'));
    const child = spawn(
      'redis-server',
      ['--port', String(this.chosenPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, ...this.extraArgs],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let output = '';
    // redis-server says so on stdout once it accepts connections: no polling of the port.
    const ready = new Promise<void>((resolve, reject) => {
      const read = (chunk: Buffer): void => {
        output += chunk;
        if (output.includes('Ready to accept connections')) resolve();
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('error', reject);
      void this.exited!.then(() => reject(new Error(`redis-server exited at start: ${output.slice(-500)}`)));
    });
    try {
      await ready;
    } catch (error) {
      this.child = undefined;
      throw error;
    }
    return this.url();
  }

  /** Stops the server by its pid (SIGKILL: what an outage looks like) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    this.child = undefined;
    child.kill('SIGKILL');
    await this.exited;
  }

  /** Stops the server and removes its working directory. */
  async dispose(): Promise<void> {
    await this.stop();
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
