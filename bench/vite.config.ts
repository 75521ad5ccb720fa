/**
 * Builds the engine benchmarks as a production bundle for Node (minified, no dev helpers), so
 * `npm run bench` measures the same code the browser runs.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: 'bench/run.ts',
    outDir: 'bench/dist',
    emptyOutDir: true,
    target: 'node20',
    // Not minified: production code paths, with readable names in CPU profiles.
    minify: false,
    sourcemap: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'run.js' } },
  },
  logLevel: 'warn',
});
