import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A message over the IPC channel between the runner and one of its processes. */
export interface Message {
  type: string;
  [key: string]: unknown;
}

/** Path of a sibling compiled script (this file runs from .tmp/bench/bench/). */
export function script(name: string): string {
  return fileURLToPath(new URL(`./${name}.js`, import.meta.url));
}

const TASKSET = '/usr/bin/taskset';

/** The Node binary children start with: the run's runtime (see node-runtime.ts), by default this one. */
let nodeBinary = process.execPath;

export function useNodeBinary(execPath: string): void {
  nodeBinary = execPath;
}

/** The CPUs this process may run on (Linux Cpus_allowed_list, e.g. "0-1" or "2,4-5"). */
function allowedCpus(): number[] {
  try {
    const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '';
    return line.split(',').flatMap((part) => {
      const [from, to = from] = part.trim().split('-').map(Number);
      return Number.isInteger(from) && Number.isInteger(to) ? Array.from({ length: to! - from! + 1 }, (_, index) => from! + index) : [];
    });
  } catch {
    return [];
  }
}

/**
 * Which CPU a role is pinned to, or undefined for no pinning. With 2+ allowed CPUs and taskset,
 * the measured process (client, Nest server) gets the first and the helpers (sink, load
 * generator) the second, so a library's own work is what limits it, not the fake Segment's
 * JSON parsing or the load generator.
 */
export function cpuFor(role: 'measured' | 'helper', pin: boolean): number | undefined {
  if (!pin || !existsSync(TASKSET)) return undefined;
  const cpus = allowedCpus();
  if (cpus.length < 2) return undefined;
  return role === 'measured' ? cpus[0] : cpus[1];
}

interface Waiter {
  types: string[];
  resolve: (message: Message) => void;
  reject: (error: Error) => void;
}

/** A child Node process with an IPC channel; messages are buffered until someone waits for them. */
export class Proc {
  readonly child: ChildProcess;
  private readonly inbox: Message[] = [];
  private readonly waiters: Waiter[] = [];
  private exited: string | undefined;

  constructor(name: string, args: string[], options: { cpu?: number; execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}) {
    const nodeArgs = [...(options.execArgv ?? []), script(name), ...args];
    const [command, argv] =
      options.cpu === undefined ? [nodeBinary, nodeArgs] : [TASKSET, ['-c', String(options.cpu), nodeBinary, ...nodeArgs]];
    this.child = spawn(command, argv, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: options.env ?? process.env });
    this.child.on('message', (message: Message) => {
      const index = this.waiters.findIndex((waiter) => waiter.types.includes(message.type));
      if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(message);
      else this.inbox.push(message);
    });
    this.child.on('exit', (code, signal) => {
      this.exited = `${name} exited (${signal ?? code})`;
      for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`${this.exited} before sending "${waiter.types.join('" or "')}"`));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  send(message: Message): void {
    this.child.send(message);
  }

  /** The next message of `type` (or of any of `types`); rejects when the process exits first or `timeoutMs` passes. */
  next<T extends Message = Message>(types: string | string[], timeoutMs: number): Promise<T> {
    const wanted = Array.isArray(types) ? types : [types];
    const label = wanted.join('" or "');
    const index = this.inbox.findIndex((message) => wanted.includes(message.type));
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0] as T);
    if (this.exited !== undefined) return Promise.reject(new Error(`${this.exited} before sending "${label}"`));
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        types: wanted,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no "${label}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Resolves once the process has exited; kills it (SIGKILL) after `graceMs`. */
  async stop(graceMs = 2_000): Promise<void> {
    if (this.exited !== undefined || this.child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(timer);
  }
}

/** process.hrtime.bigint() as a number of ns: CLOCK_MONOTONIC, comparable between processes on one machine. */
export function nowNs(): number {
  return Number(process.hrtime.bigint());
}
