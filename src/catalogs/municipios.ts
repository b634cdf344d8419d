import fs from 'node:fs';

export interface Municipio { entidad: string; code: string; name: string }

const FILE = new URL('./data/municipios.json', import.meta.url);

/** The INEGI municipality list when the catalogue file is present (see src/catalogs/data/README.md). */
export function loadMunicipios(): Municipio[] {
  if (!fs.existsSync(FILE)) return [];
  return JSON.parse(fs.readFileSync(FILE, 'utf8')) as Municipio[];
}
