/**
 * Builds the in-browser engine benchmark (bench/browser) as a production build, as the app is
 * built: `npm run bench` serves it and runs the scale-up in Chromium's Web Worker.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./browser', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('./dist/browser', import.meta.url)),
    emptyOutDir: true,
    // Not minified, like the Node bundle: readable names in a DevTools profile.
    minify: false,
  },
  worker: { format: 'es' },
  logLevel: 'warn',
});
