import { defineConfig } from 'vite';

// The bundle is served under /ui/ (by the local cloud, and by CloudFront on AWS) next to the API it
// reads, so every request is same-origin. `npm run dev` proxies the API to a running local cloud.
export default defineConfig({
  base: '/ui/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: Object.fromEntries(['/api', '/system', '/anomalydetector', '/v1'].map(p =>
      [p, process.env.WATTLINE_API || 'http://127.0.0.1:8001'])),
  },
});
