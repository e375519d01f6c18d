import fs from 'node:fs';
import path from 'node:path';
import { federalHolidays, WorkingDayCalendar } from './calendar/index.js';
import { readHolidayFile } from './calendar/holiday-file.js';
import type { Executor } from './db/index.js';

/** Where each tenant's holiday file lies: `<root>/<slug>/holidays.json`. */
export const holidayFileName = 'holidays.json';

/**
 * The working-day calendar of each tenant: its Land's holidays from `data/tenants/<slug>/holidays.json`,
 * the federal holidays alone for a tenant without the file. All files are read and checked when
 * the runtime opens (a wrong one stops the start), so a changed file takes effect on the next start.
 */
export class TenantCalendars {
  private readonly federal = new WorkingDayCalendar(federalHolidays);
  /** Slugs never change (no command renames a tenant), so a tenant's slug is looked up once. */
  private readonly slugById = new Map<string, string>();

  private constructor(private readonly bySlug: ReadonlyMap<string, WorkingDayCalendar>) {}

  /** Reads the holiday files under `root` (relative to the project when `shownRoot` names it so in messages). */
  static fromFolder(root: string, shownRoot = root): TenantCalendars {
    const slugs = fs.existsSync(root) ? fs.readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory()) : [];
    const calendars = new Map<string, WorkingDayCalendar>();
    for (const { name: slug } of slugs) {
      const file = path.join(root, slug, holidayFileName);
      if (fs.existsSync(file)) calendars.set(slug, new WorkingDayCalendar(readHolidayFile(file, `${shownRoot}/${slug}/${holidayFileName}`)));
    }
    return new TenantCalendars(calendars);
  }

  forSlug(slug: string): WorkingDayCalendar {
    return this.bySlug.get(slug) ?? this.federal;
  }

  async forTenant(db: Executor, tenantId: string): Promise<WorkingDayCalendar> {
    let slug = this.slugById.get(tenantId);
    if (slug === undefined) {
      // A query of its own rather than tenancy.ts's findTenant: tenancy needs the context, which holds this.
      const tenant = await db.selectFrom('tenants').select('slug').where('id', '=', tenantId).executeTakeFirst();
      if (!tenant) throw new Error(`no tenant ${tenantId}`);
      slug = tenant.slug;
      this.slugById.set(tenantId, slug);
    }
    return this.forSlug(slug);
  }
}
