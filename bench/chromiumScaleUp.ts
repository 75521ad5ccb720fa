/**
 * The scale-up in Chromium, in a dedicated Web Worker as the page runs its engine: the in-browser
 * benchmark (bench/browser, built into bench/dist/browser) served from a port of its own, one
 * fresh browser per run as each Node run gets a fresh process.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import tests from '../playwright.config.ts';
import type { ScaleUpResult } from './scale.ts';

const ROOT = fileURLToPath(new URL('./browser/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
};

function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    const file = join(ROOT, path || 'index.html');
    if (!file.startsWith(ROOT) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, origin: `http://127.0.0.1:${port}` });
    }),
  );
}

export interface ChromiumScaleUps {
  version: string;
  runs: ScaleUpResult[];
}

export async function scaleUpsInChromium(
  nodes: number,
  pods: number,
  runs: number,
): Promise<ChromiumScaleUps> {
  if (!existsSync(join(ROOT, 'index.html')))
    throw new Error(
      `no in-browser benchmark at ${ROOT}: build it with bench/browser.vite.config.ts`,
    );
  const { server, origin } = await serve();
  const results: ScaleUpResult[] = [];
  let version = '';
  try {
    for (let i = 0; i < runs; i++) {
      // The browser the tests drive, launched as they launch it.
      const browser = await chromium.launch(tests.use?.launchOptions);
      try {
        version = browser.version();
        const page = await browser.newPage();
        await page.goto(`${origin}/index.html?nodes=${nodes}&pods=${pods}`);
        await page.waitForFunction(() => window.scaleUp !== undefined, null, {
          timeout: 15 * 60_000,
          polling: 250,
        });
        const answer = await page.evaluate(() => window.scaleUp!);
        if (!answer.ok) throw new Error(`the scale-up failed in Chromium: ${answer.error}`);
        results.push(answer.result);
      } finally {
        await browser.close();
      }
    }
  } finally {
    server.close();
  }
  return { version, runs: results };
}
