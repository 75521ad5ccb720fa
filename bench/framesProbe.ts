/**
 * What the browser benchmark measures inside the page: the interval between animation frames
 * and the main thread's long tasks, between `start()` and `stop()`. The probe is installed before
 * the app's own scripts run (page.addInitScript), so it sees every long task of the window.
 */

export interface FrameWindow {
  /** Milliseconds between consecutive requestAnimationFrame callbacks. */
  frameIntervals: number[];
  /** Durations of the long tasks (50 ms or more) that started inside the window. */
  longTasks: number[];
  wallMs: number;
}

export interface FramesProbe {
  start(): void;
  stop(): FrameWindow;
  /** Resolves on the first animation frame at which `test()` holds, checked every frame. */
  until(test: () => boolean): Promise<number>;
}

declare global {
  interface Window {
    framesProbe?: FramesProbe;
  }
}

/** Runs in the page: must not close over anything from this module. */
export function installFramesProbe(): void {
  const longTasks: { start: number; duration: number }[] = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });

  let recording = false;
  let began = 0;
  let last = 0;
  let intervals: number[] = [];
  const waiters: { test: () => boolean; resolve: (t: number) => void }[] = [];
  const tick = (t: number) => {
    if (recording && last > 0) intervals.push(t - last);
    last = t;
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (w.test()) {
        waiters.splice(i, 1);
        w.resolve(performance.now());
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);

  window.framesProbe = {
    start() {
      intervals = [];
      last = 0;
      began = performance.now();
      recording = true;
    },
    stop() {
      recording = false;
      const end = performance.now();
      return {
        frameIntervals: intervals,
        longTasks: longTasks
          .filter((l) => l.start >= began && l.start <= end)
          .map((l) => l.duration),
        wallMs: end - began,
      };
    },
    until(test) {
      return new Promise((resolve) => waiters.push({ test, resolve }));
    },
  };
}

export const median = (xs: number[]): number => percentile(xs, 0.5);

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}
