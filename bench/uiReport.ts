/**
 * Writes the browser benchmark's section of BENCHMARKS.md, replacing only that section: the
 * engine benchmark (bench/run.ts) owns its own and keeps whatever else the file holds.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { gzipTotal, type FirstLoad, type ScriptSize } from './firstLoad.ts';
import type { TaskTimes } from './uiTrace.ts';

export interface UiRun {
  upWallMs: number;
  downWallMs: number;
  upVirtualMs: number;
  downVirtualMs: number;
  frames: number;
  medianFps: number;
  p95FrameMs: number;
  maxFrameMs: number;
  longTasks: number;
  longTasksOver100: number;
  longestTaskMs: number;
  longTaskTotalMs: number;
  tasks: TaskTimes;
  /** Scripts fetched before the test API existed, gzip-sized from their bodies. */
  wireScripts: { file: string; gzip: number }[];
}

export interface UiReport {
  runs: UiRun[];
  bundle: FirstLoad;
  nodes: number;
  replicas: number;
  speed: string;
  browserVersion: string;
  loadBefore: number[];
}

const FILE = 'BENCHMARKS.md';
const FIRST_LOAD_TARGET_KB = 350;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
const files = (list: ScriptSize[]) =>
  list.map((f) => `${f.file.replace(/^assets\//, '')} ${kb(f.gzip)}`).join(', ');
const loads = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');

export function uiSection(r: UiReport, date: string): string {
  const cols = r.runs.map((_, i) => `Run ${i + 1}`).join(' | ');
  const rule = r.runs.map(() => '---').join(' | ');
  const row = (label: string, cell: (run: UiRun) => string, target = '') =>
    `| ${label} | ${r.runs.map(cell).join(' | ')} | ${target} |`;
  const all = (test: (run: UiRun) => boolean) => r.runs.every(test);
  const initial = gzipTotal(r.bundle.initial);
  const wire = r.runs[0]?.wireScripts.filter((w) => !/\.worker-/.test(w.file)) ?? [];
  return `## Browser (\`npm run bench:ui\`), ${date}

Machine: ${cpus().length} cores shared with other work (${cpus()[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average ${loads(r.loadBefore)} (1/5/15 min) before the run and ${loads(loadavg())} after. Headless Chromium ${r.browserVersion}, 1440×900, production build (\`vite preview\`), runtime in Web Workers (per-component placement).

A ${r.nodes}-node cluster (\`/?nodes=${r.nodes}&seed=1&warmup=30000\`) with a Deployment of 0 replicas plays at ${r.speed}× with fast-forward on; the window measured runs from the PATCH of its scale subresource to ${r.replicas} until all ${r.replicas} pods are Running, then from the PATCH back to 0 until no pod is left. Frames are requestAnimationFrame intervals on the page; long tasks come from a PerformanceObserver. Each run opens a fresh page.

| Measurement | ${cols} | Target |
| --- | ${rule} | --- |
${row(`Scale 0 to ${r.replicas}: wall time until all Running (virtual time)`, (x) => `${s(x.upWallMs)} (${s(x.upVirtualMs)})`)}
${row(`Scale ${r.replicas} to 0: wall time until none left (virtual time)`, (x) => `${s(x.downWallMs)} (${s(x.downVirtualMs)})`)}
${row('Median frame rate', (x) => `${x.medianFps.toFixed(1)} fps`, `at least 50 fps: ${verdict(all((x) => x.medianFps >= 50))}`)}
${row('Frame time p95 / longest', (x) => `${x.p95FrameMs.toFixed(0)} / ${x.maxFrameMs.toFixed(0)} ms (${x.frames} frames)`)}
${row('Main-thread long tasks (50 ms or more): count, total', (x) => `${x.longTasks}, ${(x.longTaskTotalMs / 1000).toFixed(1)} s`)}
${row('Long tasks over 100 ms; longest', (x) => `${x.longTasksOver100}; ${x.longestTaskMs.toFixed(0)} ms`, `none over 100 ms: ${verdict(all((x) => x.longTasksOver100 === 0))}`)}
${row('Main-thread CPU time in the window (trace), of the wall time', (x) => `${s(x.tasks.cpuMs)} of ${s(x.upWallMs + x.downWallMs)}`)}
${row('Longest task by CPU time; CPU time of the longest task by the wall clock', (x) => `${x.tasks.longestCpuMs.toFixed(0)} ms; ${x.tasks.longestWallTaskCpuMs.toFixed(0)} ms`)}
${row('Tasks over 100 ms of wall time that used under 50 ms of CPU (waiting for a core)', (x) => `${x.tasks.longWaitingOver100}`)}

A long task's wall time includes any time the main thread waited for a core: the engine's Web Workers run flat out at fast-forward, and the machine is shared, so the trace's CPU time per task is reported beside it. A long task that used little CPU is contention, not page work.

| First load (gzip, level 9) | Size | Target |
| --- | --- | --- |
| JavaScript before the page is interactive (entry, modulepreloads and their static imports) | ${kb(initial)}: ${files(r.bundle.initial)} | under ${FIRST_LOAD_TARGET_KB} KB: ${verdict(initial < FIRST_LOAD_TARGET_KB * 1024)} |
| ... the same, measured on the wire (scripts the page fetched before it booted, bodies gzipped) | ${kb(wire.reduce((a, w) => a + w.gzip, 0))} in ${wire.length} files | |
| Worker bundles (fetched once the page starts the runtime) | ${kb(gzipTotal(r.bundle.workers))}: ${files(r.bundle.workers)} | |
| Other chunks (dynamic imports: loaded only when needed) | ${kb(gzipTotal(r.bundle.lazy))}: ${files(r.bundle.lazy)} | |
`;
}

/** Replaces the browser section in place, or adds it after the engine's. */
export function writeUiSection(r: UiReport): void {
  const date = new Date().toISOString().slice(0, 10);
  const section = uiSection(r, date);
  const previous = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Benchmarks\n';
  const mine = /## Browser \(`npm run bench:ui`\)[\s\S]*?(?=\n## |$)/;
  const next = mine.test(previous)
    ? previous.replace(mine, section.trimEnd() + '\n')
    : `${previous.trimEnd()}\n\n${section}`;
  writeFileSync(FILE, next);
  console.log(`Wrote the browser section of ${FILE}`);
}
