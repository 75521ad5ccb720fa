/**
 * A Chrome trace of the page's main thread during the window. Always a light one (the
 * `toplevel` category: every task with its wall and CPU time), because a long task on a shared
 * two-core machine is often a short one that waited for a core, and only the CPU time says
 * which. With BENCH_UI_TRACE=file.json, a full performance trace instead (DevTools'
 * Performance panel opens it) and a summary of main-thread CPU by kind of work: script, style,
 * layout, paint...
 */
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

export interface TaskTimes {
  tasks: number;
  /** Main-thread CPU time of all tasks, and wall time they spanned. */
  cpuMs: number;
  wallMs: number;
  /** Tasks of 100 ms or more by the wall clock whose own CPU time stayed under 50 ms. */
  longWaitingOver100: number;
  longestCpuMs: number;
  /** CPU time of the task that was longest by the wall clock. */
  longestWallTaskCpuMs: number;
  cpuOver50: number;
}

const FULL = ['devtools.timeline', 'v8.execute', 'blink', 'toplevel'];

export async function tracer(browser: Browser, page: Page, file: string | undefined) {
  await browser.startTracing(page, { categories: file ? FULL : ['toplevel'] });
  return {
    async stop(): Promise<TaskTimes> {
      const buffer = await browser.stopTracing();
      if (file) writeFileSync(file, buffer);
      const raw = JSON.parse(buffer.toString('utf8')) as
        TraceEvent[] | { traceEvents: TraceEvent[] };
      const events = Array.isArray(raw) ? raw : raw.traceEvents;
      const main = mainThread(events);
      if (file) {
        const summary = byKindOfWork(main);
        writeFileSync(`${file}.txt`, summary);
        console.log(summary);
      }
      return taskTimes(main);
    },
  };
}

/** The renderer main thread's complete events, in order, outermost first at equal start. */
function mainThread(events: TraceEvent[]): TraceEvent[] {
  const meta = events.find(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  if (!meta) return [];
  return events
    .filter((e) => e.pid === meta.pid && e.tid === meta.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
}

/** The outermost events: one per task the thread ran. */
function topLevel(events: TraceEvent[]): TraceEvent[] {
  const tops: TraceEvent[] = [];
  let end = -Infinity;
  for (const e of events) {
    if (e.ts < end) continue;
    tops.push(e);
    end = e.ts + e.dur!;
  }
  return tops;
}

function taskTimes(events: TraceEvent[]): TaskTimes {
  const tasks = topLevel(events);
  const cpu = (e: TraceEvent) => (e.tdur ?? e.dur!) / 1000;
  const wall = (e: TraceEvent) => e.dur! / 1000;
  const longest = tasks.reduce<TraceEvent | undefined>(
    (a, e) => (!a || e.dur! > a.dur! ? e : a),
    undefined,
  );
  return {
    tasks: tasks.length,
    cpuMs: tasks.reduce((a, e) => a + cpu(e), 0),
    wallMs: tasks.reduce((a, e) => a + wall(e), 0),
    longWaitingOver100: tasks.filter((e) => wall(e) >= 100 && cpu(e) < 50).length,
    longestCpuMs: Math.max(0, ...tasks.map(cpu)),
    longestWallTaskCpuMs: longest ? cpu(longest) : 0,
    cpuOver50: tasks.filter((e) => cpu(e) >= 50).length,
  };
}

/** Self CPU time by event name: an event's CPU time less its children's. */
function byKindOfWork(events: TraceEvent[]): string {
  const self = new Map<string, number>();
  const stack: { end: number; name: string }[] = [];
  let total = 0;
  for (const e of events) {
    const cpu = e.tdur ?? e.dur!;
    while (stack.length > 0 && stack[stack.length - 1]!.end <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - cpu);
    else total += cpu;
    self.set(e.name, (self.get(e.name) ?? 0) + cpu);
    stack.push({ end: e.ts + e.dur!, name: e.name });
  }
  const lines = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(
      ([name, us]) =>
        `${(us / 1000).toFixed(0).padStart(7)} ms  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`,
    );
  return `Renderer main thread: ${(total / 1000).toFixed(0)} ms CPU; self CPU time by event\n${lines.join('\n')}\n`;
}
