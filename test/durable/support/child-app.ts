import { fork, type ChildProcess } from 'node:child_process';

export interface ChildMessage {
  type: string;
  [key: string]: unknown;
}

/**
 * A Node child process with an IPC channel, as an app the test can crash: messages it sends
 * are kept, `next(type)` resolves with the next one of that type, `kill9()` ends it at once.
 */
export class ChildApp {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly inbox: ChildMessage[] = [];
  private readonly waiters: Array<{ type: string; resolve: (message: ChildMessage) => void }> = [];
  private stderr = '';

  constructor(script: string, options: { cwd: string; env: Record<string, string>; execArgv?: string[] }) {
    this.child = fork(script, [], { cwd: options.cwd, env: { ...process.env, ...options.env }, execArgv: options.execArgv ?? [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk));
    this.child.stdout!.on('data', (chunk: Buffer) => (this.stderr += chunk));
    this.child.on('message', (message: ChildMessage) => {
      const index = this.waiters.findIndex((waiter) => waiter.type === message.type);
      if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(message);
      else this.inbox.push(message);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** What the process wrote to stdout and stderr so far. */
  get output(): string {
    return this.stderr;
  }

  next<T extends ChildMessage = ChildMessage>(type: string): Promise<T> {
    const index = this.inbox.findIndex((message) => message.type === type);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0] as T);
    return new Promise((resolve, reject) => {
      this.waiters.push({ type, resolve: resolve as (message: ChildMessage) => void });
      void this.exited.then(({ code, signal }) => reject(new Error(`the child exited (${signal ?? code}) before sending "${type}": ${this.stderr.slice(-2_000)}`)));
    });
  }

  send(message: ChildMessage): void {
    this.child.send(message);
  }

  async kill9(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Ends the process if it still runs (after a failed test). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await this.kill9();
  }
}
