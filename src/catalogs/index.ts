import type { SerenoModule } from '../core/module.js';
import { catalogRoutes } from './catalogs.routes.js';
import { seedCatalogs } from './catalogs.service.js';

export { ENTIDADES } from './data/entidades.js';
export { listEntidades, listMunicipios } from './catalogs.service.js';

/** Entidades, municipalities, institution types and roles. */
export const catalogsModule: SerenoModule = { name: 'catalogs', routes: catalogRoutes, seed: seedCatalogs };
