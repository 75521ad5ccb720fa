/**
 * BENCH_UI_PROFILE=file.cpuprofile: a CPU profile of the page's main thread during the scale
 * (Chrome DevTools opens it), and a summary of self time by original source file and function,
 * read through the build's source maps, so a minified bundle still says where the time went.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export async function cpuProfiler(page: Page, file: string | undefined) {
  if (!file) return { async stop() {} };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      writeFileSync(file, JSON.stringify(profile));
      const summary = summarize(profile);
      writeFileSync(`${file}.txt`, summary);
      console.log(summary);
    },
  };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Decodes a source map's `mappings`: per generated line, [column, source, line, col, name?].
 * Not node:module's SourceMap: in Node 20 its findEntry gives a segment without a name the name of
 * an earlier segment, which would credit time to the wrong function.
 */
function decodeMappings(mappings: string): number[][][] {
  const lines: number[][][] = [];
  const state = [0, 0, 0, 0, 0];
  for (const line of mappings.split(';')) {
    const segments: number[][] = [];
    state[0] = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = BASE64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      const out = fields.map((f, i) => (state[i]! += f));
      segments.push(out);
    }
    lines.push(segments);
  }
  return lines;
}

interface SourceMap {
  sources: string[];
  names: string[];
  lines: number[][][];
}

const maps = new Map<string, SourceMap | undefined>();

function sourceMap(url: string): SourceMap | undefined {
  const path = new URL(url).pathname;
  if (maps.has(path)) return maps.get(path);
  const file = join('dist', `${path}.map`);
  let map: SourceMap | undefined;
  if (existsSync(file)) {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as {
      sources: string[];
      names: string[];
      mappings: string;
    };
    map = { sources: raw.sources, names: raw.names, lines: decodeMappings(raw.mappings) };
  }
  maps.set(path, map);
  return map;
}

/** The original file, line and name at a generated position (the nearest mapping at or before it). */
export function original(frame: CallFrame): { file: string; where: string } {
  if (!frame.url) return { file: frame.functionName || '(native)', where: frame.functionName };
  const map = sourceMap(frame.url);
  const segments = map?.lines[frame.lineNumber];
  if (!map || !segments) return { file: frame.url, where: frame.functionName };
  let best: number[] | undefined;
  for (const s of segments) if (s[0]! <= frame.columnNumber && s.length >= 4) best = s;
  if (!best) return { file: frame.url, where: frame.functionName };
  const file = map.sources[best[1]!]!.replace(/^(\.\.\/)+/, '');
  const name = best.length >= 5 ? map.names[best[4]!] : undefined;
  return { file, where: `${file}:${best[2]! + 1} ${name ?? frame.functionName}` };
}

function summarize(profile: CpuProfile): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const { file, where } = original(byId.get(id)!.callFrame);
    total += ms;
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
    byFunction.set(where, (byFunction.get(where) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, ms]) =>
          `${ms.toFixed(0).padStart(7)} ms  ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`,
      )
      .join('\n');
  return `Main thread self time, ${total.toFixed(0)} ms sampled\n\nBy file:\n${top(byFile, 30)}\n\nBy function:\n${top(byFunction, 40)}\n`;
}
