import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/readme/support/readme.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** One fenced code block of a Markdown document. */
export interface CodeBlock {
  /** The info string after the opening fence (`ts`, `sh`, `json`), or '' when there is none. */
  readonly lang: string;
  /** The block's text, dedented by the fence's own indentation (list-item blocks), no trailing newline. */
  readonly body: string;
  /** Section headings (level 2 and below) enclosing the block, outermost first (`['Nest reference', 'Named clients']`). */
  readonly headings: readonly string[];
  /** 1-based line of the opening fence. */
  readonly line: number;
}

/** `Nest reference > Named clients`: where a block sits, as a reader finds it in the README. */
export function sectionOf(block: Pick<CodeBlock, 'headings'>): string {
  return block.headings.length === 0 ? '(before the first heading)' : block.headings.join(' > ');
}

/** The innermost heading above a block. */
export function headingOf(block: Pick<CodeBlock, 'headings'>): string {
  return block.headings.at(-1) ?? '(before the first heading)';
}

export function readReadme(): string {
  return readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
}

const FENCE = /^( *)(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;

/** Every fenced block of `markdown`, with the headings it sits under. */
export function extractBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  const headings: string[] = [];
  let open: { indent: number; fence: string; lang: string; line: number; body: string[] } | undefined;
  lines.forEach((text, index) => {
    if (open !== undefined) {
      const close = text.match(/^( *)(`{3,}|~{3,})\s*$/);
      if (close !== null && close[2]![0] === open.fence[0] && close[2]!.length >= open.fence.length) {
        blocks.push({ lang: open.lang, body: open.body.join('\n'), headings: [...headings], line: open.line });
        open = undefined;
      } else {
        open.body.push(dedent(text, open.indent));
      }
      return;
    }
    const fence = text.match(FENCE);
    if (fence !== null) {
      open = { indent: fence[1]!.length, fence: fence[2]!, lang: fence[3]!.toLowerCase(), line: index + 1, body: [] };
      return;
    }
    const heading = text.match(HEADING);
    // Level 1 is the document's title, not a section: paths start at level 2.
    if (heading !== null && heading[1]!.length >= 2) {
      const depth = heading[1]!.length - 1;
      headings.splice(depth - 1);
      while (headings.length < depth - 1) headings.push('');
      headings.push(heading[2]!);
    }
  });
  if (open !== undefined) throw new Error(`README.md line ${open.line}: a code fence is never closed`);
  // A level skipped (### under #) leaves an empty slot; drop it from the path.
  return blocks.map((block) => ({ ...block, headings: block.headings.filter((heading) => heading !== '') }));
}

function dedent(text: string, indent: number): string {
  let cut = 0;
  while (cut < indent && text[cut] === ' ') cut++;
  return text.slice(cut);
}

/** The README's blocks. */
export function readmeBlocks(): CodeBlock[] {
  return extractBlocks(readReadme());
}

export const TS_LANGS: ReadonlySet<string> = new Set(['ts', 'typescript', 'tsx']);

/**
 * The one README block under `heading` (the innermost heading) of language `lang` whose text
 * contains `containing`; throws when there is not exactly one, so a test never silently checks
 * a different block than it names.
 */
export function readmeBlock(heading: string, lang: string, containing = ''): CodeBlock {
  const found = readmeBlocks().filter((block) => headingOf(block) === heading && block.lang === lang && block.body.includes(containing));
  if (found.length !== 1) {
    throw new Error(`expected exactly one \`\`\`${lang} block under "${heading}" containing ${JSON.stringify(containing)} in README.md, found ${found.length}`);
  }
  return found[0]!;
}

/**
 * The lines a mirror must contain: each line trimmed; blank lines and comment-only lines left
 * out (`// ...`, `/* ... *\/`, and the `*` lines of a block comment). Trailing comments stay.
 */
export function significantLines(code: string): string[] {
  const kept: string[] = [];
  let inBlockComment = false;
  for (const raw of code.split(/\r?\n/)) {
    const line = raw.trim();
    if (inBlockComment) {
      if (line.includes('*/')) inBlockComment = false;
      continue;
    }
    if (line === '' || line.startsWith('//')) continue;
    if (line.startsWith('/*')) {
      if (!line.includes('*/')) inBlockComment = true;
      else if (!line.endsWith('*/')) kept.push(line);
      continue;
    }
    kept.push(line);
  }
  return kept;
}

/** Where `needle` occurs as consecutive entries of `haystack`, or -1. */
export function indexOfRun(haystack: readonly string[], needle: readonly string[]): number {
  if (needle.length === 0) return 0;
  outer: for (let start = 0; start + needle.length <= haystack.length; start++) {
    for (let offset = 0; offset < needle.length; offset++) {
      if (haystack[start + offset] !== needle[offset]) continue outer;
    }
    return start;
  }
  return -1;
}

export interface SourceFile {
  /** Relative to the repository root, `/`-separated. */
  readonly path: string;
  readonly lines: readonly string[];
}

const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.tmp', 'coverage']);

/** Every `*.ts` file under `dirs` (relative to the repository root), as significant lines. */
export function typeScriptSources(dirs: readonly string[]): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(path);
      } else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        files.push({ path: relative(REPO_ROOT, path).split('\\').join('/'), lines: significantLines(readFileSync(path, 'utf8')) });
      }
    }
  };
  for (const dir of dirs) walk(join(REPO_ROOT, dir));
  // The README's own mirrors first, so a block is reported as proven where it was put for that.
  const rank = (path: string): number => (path.startsWith('test/readme/') ? 0 : 1);
  return files.sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
}

/** The first file holding every significant line of `block`, consecutively and verbatim. */
export function findMirror(block: Pick<CodeBlock, 'body'>, sources: readonly SourceFile[]): SourceFile | undefined {
  const wanted = significantLines(block.body);
  return sources.find((source) => indexOfRun(source.lines, wanted) !== -1);
}

/** `{ queued, inFlight, status? }` (as README comments list fields) to `['queued', 'inFlight', 'status?']`. */
export function fieldList(text: string): string[] {
  const inner = text.slice(text.indexOf('{') + 1, text.lastIndexOf('}'));
  return inner
    .split(',')
    .map((part) => part.split(':')[0]!.trim())
    .filter((part) => part !== '');
}
