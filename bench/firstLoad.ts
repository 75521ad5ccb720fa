/**
 * The JavaScript a first visit loads before the page can work, read from the production build:
 * dist/index.html's module scripts and modulepreload links, and every chunk those import
 * statically. Dynamic imports and Web Workers load later (or only on a fallback), so they are
 * counted apart. Sizes are gzip at level 9, what a static host would serve.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ScriptSize {
  file: string;
  bytes: number;
  gzip: number;
}

export interface FirstLoad {
  /** Scripts the page needs before it is interactive. */
  initial: ScriptSize[];
  /** Worker bundles, fetched once the page starts the runtime. */
  workers: ScriptSize[];
  /** Chunks only a dynamic import reaches (e.g. the on-page fallback runtime). */
  lazy: ScriptSize[];
}

export const gzipSize = (body: Buffer | string): number => gzipSync(body, { level: 9 }).length;

const total = (list: ScriptSize[]) => list.reduce((sum, s) => sum + s.gzip, 0);
export const gzipTotal = total;

function size(dist: string, file: string): ScriptSize {
  const body = readFileSync(join(dist, file));
  return { file, bytes: body.length, gzip: gzipSize(body) };
}

/** Static `import ... from "./x.js"` and bare `import "./x.js"`, not `import("./x.js")`. */
function staticImports(code: string, from: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.js)["']/g)) {
    found.add(posix.normalize(posix.join(posix.dirname(from), m[1]!)));
  }
  return [...found];
}

export function firstLoad(dist = 'dist'): FirstLoad {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entries = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="\/?([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/?([^"]+)"/g),
  ].map((m) => m[1]!);
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...staticImports(readFileSync(join(dist, file), 'utf8'), file));
  }
  const all = readdirSync(join(dist, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  const isWorker = (f: string) => /\.worker-[^/]*\.js$/.test(f);
  return {
    initial: [...seen].map((f) => size(dist, f)),
    workers: all.filter(isWorker).map((f) => size(dist, f)),
    lazy: all.filter((f) => !seen.has(f) && !isWorker(f)).map((f) => size(dist, f)),
  };
}
