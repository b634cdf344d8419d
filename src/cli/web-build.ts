import fs from 'node:fs';
import path from 'node:path';

function newestMtime(dir: string): number {
  let newest = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** True when dist/web is missing or older than any source under web/ or src/shared/. */
export function webBundleStale(root: string): boolean {
  const index = path.join(root, 'dist', 'web', 'index.html');
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  return Math.max(newestMtime(path.join(root, 'web')), newestMtime(path.join(root, 'src', 'shared')), fs.statSync(path.join(root, 'package-lock.json')).mtimeMs) > built;
}

/** Builds the web bundle with Vite when stale; returns the milliseconds spent (0 when up to date). */
export async function ensureWebBundle(root: string, log: (s: string) => void): Promise<number> {
  if (!webBundleStale(root)) return 0;
  const t0 = performance.now();
  log('Construyendo la interfaz web (vite build)…');
  const { build } = await import('vite');
  // Always a production bundle, even when called from a test runner that sets NODE_ENV=test
  // (which would otherwise pull in React's development JSX runtime).
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(root, 'web', 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
  const ms = Math.round(performance.now() - t0);
  log(`Interfaz web construida en ${ms} ms.`);
  return ms;
}
