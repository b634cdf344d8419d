import { fileURLToPath } from 'node:url';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The web bundle: built into ../dist/web and served by the Sereno server; `vite` alone proxies the API to :3000. */
export default defineConfig(({ command }) => ({
  root: here,
  plugins: [react()],
  // A build is always the production bundle, even when started from vitest (which sets NODE_ENV=test and would
  // otherwise pull in React's development build).
  define: command === 'build' ? { 'process.env.NODE_ENV': JSON.stringify('production') } : {},
  build: {
    outDir: path.resolve(here, '../dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/metrics': 'http://127.0.0.1:3000',
    },
  },
}));
