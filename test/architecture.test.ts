import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The dependency arrows of ARCHITECTURE.md, enforced: shared imports nothing of ours; core knows no module;
 * matching knows only core and shared; a module reaches another module only through its index.ts; the web
 * imports only shared code from src/.
 */
const ROOT = path.resolve(__dirname, '..');

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(p);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2];
    if (spec.startsWith('.')) out.push(path.resolve(path.dirname(file), spec));
  }
  return out;
}

const rel = (p: string) => path.relative(ROOT, p).replaceAll(path.sep, '/');

describe('dependency arrows', () => {
  it('hold for every source file', () => {
    const violations: string[] = [];
    for (const file of [...files(path.join(ROOT, 'src')), ...files(path.join(ROOT, 'web', 'src'))]) {
      const from = rel(file);
      for (const target of imports(file).map(rel)) {
        const bad =
          (from.startsWith('src/shared/') && !target.startsWith('src/shared/')) ||
          (from.startsWith('src/core/') && /^src\/(modules|catalogs|matching|cli)\//.test(target)) ||
          (from.startsWith('src/matching/') && /^src\/(modules|catalogs|cli)\//.test(target)) ||
          (from.startsWith('src/modules/') && target.startsWith('src/modules/') && from.split('/')[2] !== target.split('/')[2] && !/^src\/modules\/[^/]+\/index(\.js|\.ts)?$/.test(target)) ||
          (from.startsWith('web/') && target.startsWith('src/') && !target.startsWith('src/shared/'));
        if (bad) violations.push(`${from} → ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
