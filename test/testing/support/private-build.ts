import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSC = `${REPO_ROOT}node_modules/typescript/bin/tsc`;

/**
 * Builds the package into `.tmp/<name>/node_modules/nestjs-segment/` (dist/ and package.json),
 * as an app's install would lay it out, and returns `.tmp/<name>/` (an ESM directory). Tests that
 * run built code in a child process use it instead of the repository's dist/, which the
 * packaging test's `npm pack` rebuilds at the same time.
 */
export async function privateBuild(name: string): Promise<string> {
  const root = `${REPO_ROOT}.tmp/${name}/`;
  const installed = `${root}node_modules/nestjs-segment/`;
  rmSync(root, { recursive: true, force: true });
  mkdirSync(installed, { recursive: true });
  writeFileSync(`${root}package.json`, JSON.stringify({ name: `${name}-consumer`, private: true, type: 'module' }));
  copyFileSync(`${REPO_ROOT}package.json`, `${installed}package.json`);
  await run(process.execPath, [TSC, '-p', `${REPO_ROOT}tsconfig.build.json`, '--outDir', `${installed}dist`], { cwd: REPO_ROOT });
  return root;
}

/**
 * Compiles sample-app/src with the sample's own tsconfig into `<root>app/`, type-checked against
 * the private build's declarations (what an installed package offers), and returns that folder.
 */
export async function buildSampleApp(root: string): Promise<string> {
  const dist = `${root}node_modules/nestjs-segment/dist/`;
  writeFileSync(
    `${root}tsconfig.json`,
    JSON.stringify({
      extends: `${REPO_ROOT}sample-app/tsconfig.json`,
      compilerOptions: {
        rootDir: `${REPO_ROOT}sample-app/src`,
        outDir: `${root}app`,
        paths: { 'nestjs-segment': [`${dist}index.d.ts`], 'nestjs-segment/testing': [`${dist}testing/index.d.ts`] },
      },
      include: [`${REPO_ROOT}sample-app/src`],
    }),
  );
  await run(process.execPath, [TSC, '-p', `${root}tsconfig.json`], { cwd: root });
  // The sample reads its tracking plan next to its sources' folder, as in the repository.
  copyFileSync(`${REPO_ROOT}sample-app/tracking-plan.json`, `${root}tracking-plan.json`);
  return `${root}app/`;
}
