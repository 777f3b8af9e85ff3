import adapter from '@sveltejs/adapter-static';

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    // A single-page app served by the runtime: every page address falls back to index.html.
    adapter: adapter({ fallback: 'index.html', strict: true }),
    alias: { $components: 'src/lib/components' },
  },
};
