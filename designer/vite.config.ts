import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

// In `vite dev` the designer hot-reloads while API calls go to the running runtime
// (`npm start`, or `corepack pnpm dev`), on RUNTIME_URL (default http://127.0.0.1:3000).
const runtime = process.env.RUNTIME_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [sveltekit()],
  server: { port: 5173, proxy: { '/trpc': runtime, '/healthz': runtime, '/readyz': runtime } },
  test: { include: ['src/**/*.test.ts'] },
});
