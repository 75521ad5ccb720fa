/**
 * The browser benchmark (`npm run bench:ui`): the production build in headless Chromium while a
 * 20-node cluster scales a Deployment from 0 to 500 pods and back, measuring frame rate and the
 * main thread's long tasks, and the JavaScript a first visit loads. A benchmark, not a test: it
 * reports and compares with the targets in BENCHMARKS.md, and fails only when the run itself
 * cannot finish (the pods never reach Running).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { firstLoad, gzipSize } from './firstLoad.ts';
import { installFramesProbe, median, percentile, type FrameWindow } from './framesProbe.ts';
import { cpuProfiler } from './uiProfile.ts';
import { tracer } from './uiTrace.ts';
import { writeUiSection, type UiRun } from './uiReport.ts';

const NODES = 20;
const REPLICAS = Number(process.env.BENCH_UI_REPLICAS ?? 500);
const RUNS = Number(process.env.BENCH_UI_RUNS ?? 3);
const SPEED = '16';
const NAME = 'web';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';

/** The scripts the first visit fetches before the test API exists, gzip-sized from the wire. */
async function openAndWeighScripts(page: Page): Promise<{ file: string; gzip: number }[]> {
  const scripts: Promise<{ file: string; gzip: number }>[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'script') return;
    scripts.push(r.body().then((b) => ({ file: new URL(r.url()).pathname, gzip: gzipSize(b) })));
  });
  await page.goto(`/?nodes=${NODES}&seed=1&warmup=30000&paused`);
  await page.waitForFunction(() => window.kubeviz !== undefined);
  page.removeAllListeners('response');
  return Promise.all(scripts);
}

async function readyNodes(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      window
        .kubeviz!.snapshot()
        .nodes.filter((n) =>
          (
            n.status as { conditions?: { type: string; status: string }[] } | undefined
          )?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        ).length,
  );
}

async function scaleTo(page: Page, replicas: number): Promise<void> {
  const code = await page.evaluate(
    ([path, replicas]) =>
      window
        .kubeviz!.request('PATCH', path, {
          body: { spec: { replicas } },
          contentType: 'application/merge-patch+json',
        })
        .then((r) => r.code),
    [`${DEPLOYMENTS}/${NAME}/scale`, replicas] as const,
  );
  expect(code).toBe(200);
}

/** Waits, checking every animation frame in the page, until the app's pods of NAME number `running` Running (and no others). */
function waitForPods(page: Page, running: number): Promise<number> {
  return page.evaluate(
    ([name, running]) =>
      window.framesProbe!.until(() => {
        const pods = window
          .kubeviz!.snapshot()
          .pods.filter((p) => (p.metadata.name as string).startsWith(`${name}-`));
        return (
          pods.length === running &&
          pods.every((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running')
        );
      }),
    [NAME, running] as const,
  );
}

const virtualNow = (page: Page) => page.evaluate(() => window.kubeviz!.snapshot().now);

interface Diagnostics {
  /** A CPU profile of the main thread during the window. */
  profile?: string;
  /** A Chrome performance trace of the window. */
  trace?: string;
}

async function oneRun(browser: Browser, page: Page, diagnose: Diagnostics): Promise<UiRun> {
  const wire = await openAndWeighScripts(page);
  await expect.poll(() => readyNodes(page), { timeout: 60_000 }).toBe(NODES);

  // Requests are answered by the running cluster: play first, then create.
  await page.getByTestId('speed').selectOption(SPEED);
  const fastForward = page.getByTestId('fast-forward');
  if ((await fastForward.getAttribute('aria-pressed')) !== 'true') await fastForward.click();
  await expect(fastForward).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('play-pause')).toHaveText('Pause');
  const created = await page.evaluate(
    ([path, name]) =>
      window
        .kubeviz!.request('POST', path, {
          body: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name },
            spec: {
              replicas: 0,
              selector: { matchLabels: { app: name } },
              template: {
                metadata: { labels: { app: name } },
                spec: {
                  containers: [
                    {
                      name: 'web',
                      image: 'nginx:1.27',
                      resources: { requests: { cpu: '50m', memory: '32Mi' } },
                    },
                  ],
                },
              },
            },
          },
        })
        .then((r) => r.code),
    [DEPLOYMENTS, NAME] as const,
  );
  expect(created).toBe(201);

  // Let the page settle after the clicks, so the window holds the scale alone.
  await page.waitForTimeout(1_000);

  const profile = await cpuProfiler(page, diagnose.profile);
  const trace = await tracer(browser, page, diagnose.trace);
  await page.evaluate(() => window.framesProbe!.start());
  const v0 = await virtualNow(page);
  const t0 = await page.evaluate(() => performance.now());
  await scaleTo(page, REPLICAS);
  const tUp = await waitForPods(page, REPLICAS);
  const v1 = await virtualNow(page);
  await scaleTo(page, 0);
  const tDown = await waitForPods(page, 0);
  const v2 = await virtualNow(page);
  const window_: FrameWindow = await page.evaluate(() => window.framesProbe!.stop());
  await profile.stop();
  const tasks = await trace.stop();

  const frames = window_.frameIntervals;
  return {
    upWallMs: tUp - t0,
    downWallMs: tDown - tUp,
    upVirtualMs: v1 - v0,
    downVirtualMs: v2 - v1,
    frames: frames.length,
    medianFps: 1000 / median(frames),
    p95FrameMs: percentile(frames, 0.95),
    maxFrameMs: Math.max(...frames),
    longTasks: window_.longTasks.length,
    longTasksOver100: window_.longTasks.filter((d) => d > 100).length,
    longestTaskMs: Math.max(0, ...window_.longTasks),
    longTaskTotalMs: window_.longTasks.reduce((a, b) => a + b, 0),
    tasks,
    wireScripts: wire,
  };
}

test(`a ${NODES}-node cluster scales a Deployment 0 -> ${REPLICAS} -> 0`, async ({
  browser,
}, info) => {
  const loadBefore = loadavg();
  const runs: UiRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    // A fresh context per run: nothing cached or warmed up from the run before.
    const { baseURL, viewport } = info.project.use;
    const context = await browser.newContext({ baseURL, viewport });
    const page = await context.newPage();
    await page.addInitScript(installFramesProbe);
    // An experiment: extra CSS (say `.panels { display: none }`) shows what a part costs.
    const css = process.env.BENCH_UI_CSS;
    if (css)
      await page.addInitScript((css) => {
        addEventListener('DOMContentLoaded', () => {
          const style = document.createElement('style');
          style.textContent = css;
          document.head.append(style);
        });
      }, css);
    // Diagnostics slow the page down a little: the first run only, and only when asked.
    const diagnose =
      i === 0 ? { profile: process.env.BENCH_UI_PROFILE, trace: process.env.BENCH_UI_TRACE } : {};
    const run = await oneRun(browser, page, diagnose);
    const t = run.tasks;
    console.log(
      `run ${i + 1}: main thread ${(t.cpuMs / 1000).toFixed(1)} s CPU, longest task ${t.longestCpuMs.toFixed(0)} ms CPU, ` +
        `${t.longWaitingOver100} tasks over 100 ms wall under 50 ms CPU; up ${(run.upWallMs / 1000).toFixed(1)} s, down ${(run.downWallMs / 1000).toFixed(1)} s, ` +
        `median ${run.medianFps.toFixed(1)} fps, p95 frame ${run.p95FrameMs.toFixed(0)} ms, ` +
        `long tasks ${run.longTasks} (${run.longTasksOver100} over 100 ms, longest ${run.longestTaskMs.toFixed(0)} ms)`,
    );
    runs.push(run);
    await context.close();
  }
  const bundle = firstLoad();
  if (process.env.BENCH_UI_JSON) writeFileSync(process.env.BENCH_UI_JSON, JSON.stringify(runs));
  // An experiment's numbers are not the app's: they stay out of BENCHMARKS.md.
  if (process.env.BENCH_UI_CSS) return;
  writeUiSection({
    runs,
    bundle,
    nodes: NODES,
    replicas: REPLICAS,
    speed: SPEED,
    browserVersion: browser.version(),
    loadBefore,
  });
});
