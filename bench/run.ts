/**
 * The engine benchmarks (`npm run bench`): wall-clock numbers for the simulated cluster at scale,
 * written to BENCHMARKS.md with the machine and date. A benchmark, not a test: it reports, and
 * compares with the targets, but never fails the build.
 */
import { Session } from 'node:inspector';
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { scaleUpsInChromium } from './chromiumScaleUp.ts';
import { bigCluster, measureScaleUp, type ScaleUpResult } from './scale.ts';
import { runThroughput } from './schedulerThroughput.ts';

const NODES = Number(process.env.BENCH_NODES ?? 1000);
const PODS = Number(process.env.BENCH_PODS ?? 10_000);

let peakRss = 0;
const sampleMemory = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

/**
 * BENCH_PROFILE=file.cpuprofile: a CPU profile of the scale-up alone (not the boot before it),
 * for Chrome DevTools or a script that sums self time by function.
 */
function profiler(file: string | undefined) {
  if (!file) return { stop() {} };
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  return {
    stop() {
      session.post('Profiler.stop', (err, result) => {
        if (!err) writeFileSync(file, JSON.stringify(result.profile));
      });
    },
  };
}

/**
 * BENCH_ALLOCATIONS=file.heapprofile: where the scale-up allocates, counting objects the garbage
 * collector has already freed (garbage collection is about a fifth of the run's time).
 */
function allocationProfiler(file: string | undefined) {
  if (!file) return { stop() {} };
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.enable');
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 64 * 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: process.env.BENCH_ALLOCATIONS_MINOR !== 'no',
  });
  return {
    stop() {
      session.post('HeapProfiler.stopSampling', (err, result) => {
        if (!err) writeFileSync(file, JSON.stringify(result.profile));
      });
    },
  };
}

function scaleUp() {
  let profile = profiler(undefined);
  let allocations = allocationProfiler(undefined);
  let cpu0 = process.cpuUsage();
  const r = measureScaleUp(NODES, PODS, {
    booted() {
      sampleMemory();
      profile = profiler(process.env.BENCH_PROFILE);
      allocations = allocationProfiler(process.env.BENCH_ALLOCATIONS);
      cpu0 = process.cpuUsage();
    },
    tick: sampleMemory,
  });
  const cpu = process.cpuUsage(cpu0);
  profile.stop();
  allocations.stop();
  // CPU time of this process (user + system): steadier than wall time on a shared machine.
  return { ...r, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function idle() {
  const c = bigCluster(NODES, 2);
  c.sequencer.runFor(60_000);
  const delivered0 = c.sequencer.delivered;
  const start = performance.now();
  c.sequencer.runFor(10 * 60_000);
  sampleMemory();
  const wallMs = performance.now() - start;
  return { wallMs, perVirtualMinuteMs: wallMs / 10, delivered: c.sequencer.delivered - delivered0 };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');

type ScaleUp = ReturnType<typeof scaleUp> & { peakRss: number };
const RESULT_PREFIX = 'scale-up result: ';

console.log(`Benchmarking ${NODES} nodes, ${PODS} pods...`);
if (process.env.BENCH_ONLY === 'scale') {
  // The scale-up alone, no report: for profiling, and for each run of the full benchmark.
  const r = scaleUp();
  console.log(
    `scale: ${fmt(r.wallMs)} ms wall, ${fmt(r.cpuMs)} ms CPU, ${r.running} Running, ${fmt(r.delivered)} deliveries (${fmt(r.delivered / (r.cpuMs / 1000))}/CPU-s), ${fmt(r.virtualMs / 1000, 1)} s virtual`,
  );
  console.log(`${RESULT_PREFIX}${JSON.stringify({ ...r, peakRss })}`);
  process.exit(0);
}
if (process.env.BENCH_ONLY === 'chromium') {
  // The scale-up in Chromium alone, no report.
  const b = await scaleUpsInChromium(NODES, PODS, Math.max(1, Number(process.env.BENCH_RUNS ?? 1)));
  for (const r of b.runs)
    console.log(
      `chromium ${b.version}: ${fmt(r.wallMs)} ms wall, ${r.running} Running, ${fmt(r.delivered)} deliveries, ${fmt(r.virtualMs / 1000, 1)} s virtual`,
    );
  process.exit(0);
}

/**
 * One scale-up in a fresh Node process, as a page starts each cluster in a fresh worker. Run in
 * this process after the others, it inherited their heap and the JIT's feedback from the
 * scheduler benchmark, and took 3 to 25% longer than the same run alone (three paired runs).
 */
function scaleUpInFreshProcess(): ScaleUp {
  const script = new URL(import.meta.url).pathname;
  const out = execFileSync(process.execPath, [...process.execArgv, script], {
    env: { ...process.env, BENCH_ONLY: 'scale' },
    encoding: 'utf8',
    maxBuffer: 16 * 2 ** 20,
  });
  const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (!line) throw new Error(`the scale-up printed no result:\n${out}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as ScaleUp;
}
const scheduler = [false, true].map((owned) => ({ owned, ...runThroughput(NODES, PODS, owned) }));
for (const s of scheduler)
  console.log(
    `scheduler alone (${s.owned ? 'ReplicaSet-owned pods, 3 zones' : 'plain pods'}): ${fmt(s.podsPerSecond)} pods/s`,
  );
// This machine's speed drifts a lot, at times by 2x within minutes: the scale-up runs several
// times in each runtime (a fresh process or browser each), the two alternating so both meet the
// same minutes, and the run with the median wall time is reported, with the range.
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const ups: ScaleUp[] = [];
const browserUps: ScaleUpResult[] = [];
let chromiumVersion = '';
for (let i = 0; i < RUNS; i++) {
  const r = scaleUpInFreshProcess();
  ups.push(r);
  console.log(
    `scale 0 -> ${PODS} in Node (run ${i + 1}/${RUNS}): ${fmt(r.wallMs)} ms wall, ${fmt(r.cpuMs)} ms CPU, ${fmt(r.virtualMs / 1000, 1)} s virtual, ${fmt(r.delivered)} deliveries, ${r.running} Running`,
  );
  const b = await scaleUpsInChromium(NODES, PODS, 1);
  chromiumVersion = b.version;
  browserUps.push(...b.runs);
  console.log(
    `scale 0 -> ${PODS} in Chromium ${b.version} (run ${i + 1}/${RUNS}): ${fmt(b.runs[0]!.wallMs)} ms wall, ${fmt(b.runs[0]!.delivered)} deliveries, ${b.runs[0]!.running} Running`,
  );
}
const median = <T extends { wallMs: number }>(runs: T[]): T =>
  [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor((runs.length - 1) / 2)]!;
const up = median(ups);
const browserUp = median(browserUps);
const range = <T>(runs: T[], pick: (r: T) => number) =>
  RUNS > 1 ? `; runs ${runs.map((r) => fmt(pick(r) / 1000, 1)).join(', ')} s` : '';
// The engine is deterministic: both runtimes must have delivered the very same messages.
const sameTrace = [...ups, ...browserUps].every((r) => r.delivered === up.delivered);
const allRunning = [...ups, ...browserUps].every((r) => r.running === PODS);
const quiet = idle();
console.log(`idle: ${fmt(quiet.perVirtualMinuteMs)} ms wall per virtual minute`);

const date = new Date().toISOString().slice(0, 10);
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const section = `## Engine (\`npm run bench\`), ${date}

Machine: ${cpus().length} cores (${cpu}), ${fmt(totalmem() / 2 ** 30)} GiB; Chromium ${chromiumVersion} and Node ${process.version} (V8 ${process.versions.v8}). Trace recording off. The scale-up runs where the page runs its engine, in a Web Worker of a fresh headless Chromium (the target applies there), and in a fresh Node process with in-process placement (where the profilers run), the two alternating.

| Measurement | Result | Target |
| --- | --- | --- |
| ${NODES} nodes, Deployment scaled 0 to ${fmt(PODS)}: wall time until all Running, in Chromium's Web Worker (median of ${RUNS}) | ${fmt(browserUp.wallMs / 1000, 1)} s (${browserUp.running} Running${range(browserUps, (r) => r.wallMs)}) | under 10 s: ${verdict(browserUp.wallMs < 10_000 && allRunning)} |
| ... the same in Node (median of ${RUNS}) | ${fmt(up.wallMs / 1000, 1)} s (${up.running} Running${range(ups, (r) => r.wallMs)}) | |
| ... CPU time of the Node process (user + system) | ${fmt(up.cpuMs / 1000, 1)} s${range(ups, (r) => r.cpuMs)} | |
| ... virtual time it took | ${fmt(up.virtualMs / 1000, 1)} s | |
| ... messages delivered | ${fmt(up.delivered)}, ${sameTrace ? 'the same in every run of both runtimes' : '**not the same in every run: the engine is not deterministic**'} (${fmt(browserUp.delivered / (browserUp.wallMs / 1000))}/s in Chromium, ${fmt(up.delivered / (up.wallMs / 1000))}/s in Node) | |
| ... scheduler throughput in the whole cluster | ${fmt(browserUp.scheduled / (browserUp.scheduleWallMs / 1000))} pods/s in Chromium, ${fmt(up.scheduled / (up.scheduleWallMs / 1000))} in Node | |
| ... cluster boot (${NODES} nodes register, 30 s virtual) | ${fmt(browserUp.bootMs / 1000, 1)} s in Chromium, ${fmt(up.bootMs / 1000, 1)} s in Node | |
| Scheduler alone, ${NODES} nodes, ${fmt(PODS)} plain pods | ${fmt(scheduler[0]!.podsPerSecond)} pods/s | over 1,000: ${verdict(scheduler[0]!.podsPerSecond > 1000)} |
| Scheduler alone, ReplicaSet-owned pods over 3 zones (default spreading) | ${fmt(scheduler[1]!.podsPerSecond)} pods/s | over 1,000: ${verdict(scheduler[1]!.podsPerSecond > 1000)} |
| ${NODES} idle nodes heartbeating, 10 virtual minutes | ${fmt(quiet.perVirtualMinuteMs)} ms wall per virtual minute (${fmt(quiet.delivered)} deliveries) | |
| Peak memory (RSS) of a scale-up's Node process, highest of the runs | ${fmt(Math.max(...ups.map((r) => r.peakRss)) / 2 ** 20)} MiB | |
`;

const file = 'BENCHMARKS.md';
const header =
  "# Benchmarks\n\nMeasured numbers, newest first. `npm run bench` measures the engine (production bundles, in Chromium's Web Worker and in Node); `npm run bench:ui` measures the page in headless Chromium (a production build).\n\n";
const previous = existsSync(file)
  ? readFileSync(file, 'utf8').replace(/^# Benchmarks\n\n[^\n]*\n\n/, '')
  : '';
const withoutOldEngine = previous
  .replace(/## Engine \(`npm run bench`\)[\s\S]*?(?=\n## |$)/, '')
  .trim();
writeFileSync(file, `${header}${section}${withoutOldEngine ? `\n${withoutOldEngine}\n` : ''}`);
console.log('Wrote BENCHMARKS.md');
