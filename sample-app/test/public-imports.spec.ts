import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const sampleRoot = fileURLToPath(new URL('../', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'dist' ? [] : tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function specifiers(code: string): string[] {
  return [...code.matchAll(/\bfrom '([^']+)'|\bimport\('([^']+)'\)/g)].map((match) => match[1] ?? match[2]!);
}

// The sample app is how users learn the package: it may reach it only as they do.
describe('the sample app uses the package through its public exports', () => {
  const files = tsFiles(sampleRoot);

  it.each(files.map((file) => [relative(sampleRoot, file), file]))('%s', (_name, file) => {
    for (const specifier of specifiers(readFileSync(file, 'utf8'))) {
      const intoPackage = /(^|\/)(lib|dist)\//.test(specifier) && specifier.startsWith('.');
      expect({ specifier, intoPackage }).toEqual({ specifier, intoPackage: false });
      if (specifier.startsWith('nestjs-segment')) expect(['nestjs-segment', 'nestjs-segment/testing']).toContain(specifier);
    }
  });
});
