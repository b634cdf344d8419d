import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Conference's seed documents, read where CI has them: ../shared/seeds beside the repository (never copied into
 * it), or SERENO_SEEDS_DIR. Tests that need them are skipped, and say so, on a clone that has no shared/ beside it.
 */
export const SEEDS_DIR = process.env.SERENO_SEEDS_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/seeds');
export const hasSeeds = fs.existsSync(SEEDS_DIR) && fs.readdirSync(SEEDS_DIR).some((f) => /^\d{3}_/.test(f));

/** A seed by its prefix ('000_'); empty text when the seeds are absent (the suite using it is skipped then). */
export function seedFile(prefix: string): { name: string; file: string; text: string } {
  const name = hasSeeds ? fs.readdirSync(SEEDS_DIR).find((f) => f.startsWith(prefix)) : undefined;
  if (!name) {
    if (hasSeeds) throw new Error(`No se encontró la semilla ${prefix}* en ${SEEDS_DIR}`);
    return { name: `${prefix}missing.txt`, file: '', text: '' };
  }
  const file = path.join(SEEDS_DIR, name);
  return { name, file, text: fs.readFileSync(file, 'utf8') };
}
