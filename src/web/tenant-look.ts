import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../core/errors.js';
import type { Tenant } from '../core/tenancy.js';
import { tenantAssetPath, type TenantSettings } from '../core/tenant-settings.js';

/** What one tenant's look serves: its SVGs and the stylesheet with its colour, and their version. */
interface TenantLook {
  logo: string;
  favicon: string;
  theme: string;
  /** Changes with any of them: the URLs carry it, so they can be cached for a year. */
  version: string;
}

/**
 * The tenant's colour as KERN's action colour (links, buttons, focus) and as the header's accent.
 * Served as a stylesheet because the CSP allows no inline styles. The action colour applies to the
 * light scheme only: its contrast is checked against white, and under a dark scheme KERN's own light
 * action colour keeps links readable on black.
 */
function themeCss(settings: TenantSettings): string {
  return [
    `:root {\n  --aw-tenant-primary: ${settings.primaryColor};\n}`,
    `@media not all and (prefers-color-scheme: dark) {\n  :root {\n    --kern-color-action-default: ${settings.primaryColor};\n  }\n}`,
    '',
  ].join('\n');
}

/** Built once per tenant and settings (tenants change only with a restart). */
const looks = new WeakMap<TenantSettings, TenantLook>();

function lookOf(settings: TenantSettings): TenantLook {
  let look = looks.get(settings);
  if (!look) {
    const logo = fs.readFileSync(tenantAssetPath(settings.logo), 'utf8');
    const favicon = fs.readFileSync(tenantAssetPath(settings.favicon), 'utf8');
    const theme = themeCss(settings);
    const version = createHash('sha256').update(logo).update(favicon).update(theme).digest('hex').slice(0, 12);
    look = { logo, favicon, theme, version };
    looks.set(settings, look);
  }
  return look;
}

/** The addresses of a tenant's logo, favicon and colour stylesheet; none for a tenant without settings. */
export function tenantLookHrefs(tenant: Tenant): { logo: string; favicon: string; theme: string } | undefined {
  if (!tenant.settings) return undefined;
  const { version } = lookOf(tenant.settings);
  return { logo: `/tenant/logo.svg?v=${version}`, favicon: `/tenant/favicon.svg?v=${version}`, theme: `/tenant/theme.css?v=${version}` };
}

const yearLong = 'public, max-age=31536000, immutable';

/** Serves the requesting host's tenant's logo, favicon and stylesheet. */
export function registerTenantLook(app: FastifyInstance): void {
  const files = [
    ['/tenant/logo.svg', 'image/svg+xml', 'logo'],
    ['/tenant/favicon.svg', 'image/svg+xml', 'favicon'],
    ['/tenant/theme.css', 'text/css; charset=utf-8', 'theme'],
  ] as const;
  for (const [url, type, part] of files) {
    app.get(url, { schema: { hide: true } }, async (request, reply) => {
      const settings = request.view.tenant.settings;
      if (!settings) throw new NotFoundError();
      return reply.type(type).header('cache-control', yearLong).send(lookOf(settings)[part]);
    });
  }
}
