import { contribution } from '../../core/extensions.js';
import type { AmtswegModule } from '../../core/module.js';
import { mapBases } from '../forms/index.js';
import { tenantMapBases, type TenantMapBase } from './map-bases.js';
import { registerApiRoutes } from './api.js';
import { catalogCommand } from './commands.js';
import { catalogMessages } from './messages.js';
import { catalogMigrations } from './migrations.js';
import { registerPageRoutes } from './routes.js';
import { seedCatalog } from './seed.js';

/**
 * The catalogue: regions (ARS/AGS), authorities (Organisationseinheiten), services (Leistungen)
 * with texts per language, Lebenslagen, jurisdictions and search. Other modules use only what
 * this file exports.
 */
/**
 * The catalogue module over the tenant folders under `root` (relative to the project; a test may
 * give its fixtures): it seeds each tenant's catalogue from its folder and contributes the base
 * maps the folders' `regions.json` describe (read when the runtime is composed, outlines on first use).
 */
export function createCatalogModule(root = 'data/catalog'): AmtswegModule {
  let bases: TenantMapBase[] | undefined;
  return {
    name: 'catalog',
    dependsOn: ['forms'],
    get contributes() {
      bases ??= tenantMapBases(root);
      return bases.map((base) => contribution(mapBases, base));
    },
    migrations: catalogMigrations,
    messages: catalogMessages,
    async routes(app, ctx) {
      await registerPageRoutes(app, ctx);
      await registerApiRoutes(app, ctx);
    },
    seed: (ctx) => seedCatalog(ctx, root),
    commands: { catalog: catalogCommand },
  };
}

export const catalogModule: AmtswegModule = createCatalogModule();

export type {
  Address,
  Authority,
  AuthorityKind,
  AuthorityKindDefinition,
  Jurisdiction,
  LegalBasis,
  Link,
  Region,
  RegionLevel,
  Service,
  ServiceOrigin,
  ServiceText,
  Lebenslage,
} from './model.js';
export { isInformationOnly, kindLabel } from './model.js';
export { CatalogSeedError, seedCatalog } from './seed.js';
export { kreisOf } from './places.js';
export { exportXzufi, importXzufi, XzufiError } from './xzufi.js';
export { kreisForPoint, tenantMapBases, type TenantMapBase } from './map-bases.js';
export { kreisFigures, type KreisFigure } from './region-figures.js';
export { termProcessor, tokenize } from './search.js';
export {
  findRegionByAgs,
  responsibleAuthorities,
  getAuthority,
  getAuthorities,
  getAuthorityByKey,
  listAuthoritiesByKind,
  listAllAuthorities,
  listAllServices,
  authoritiesByService,
  listAuthorityKinds,
  definedAuthorityKinds,
  getServiceByKey,
  getServiceById,
  searchServices,
  listLebenslagen,
  findPlace,
  tenantRegions,
  textOf,
  type ResponsibleAuthority,
  type SearchAnswer,
} from './service.js';
export {
  editableFields,
  maxNameLength,
  maxTextLength,
  updateServiceText,
  serviceTextHistory,
  serviceTextVersion,
  serviceJurisdictions,
  conditionsOf,
  setJurisdiction,
  jurisdictionHistory,
  type EditableField,
  type JurisdictionChange,
  type JurisdictionVersion,
  type ServiceTextVersion,
} from './editing.js';
export { diffTokens, diffWords, type DiffPart } from './diff.js';
export { serviceFacts, type ServiceFact, type ServiceFactSource } from './service-facts.js';
