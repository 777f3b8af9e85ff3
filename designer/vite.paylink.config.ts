/**
 * The public paylink page: its own small bundle (no SvelteKit, no designer code), built into
 * `build/paylink/` after the designer, served by the runtime at `/p/<token>`.
 */
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./paylink', import.meta.url)),
  base: '/paylink/',
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL('./build/paylink', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
  },
});
