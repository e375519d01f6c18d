import { defaultReferenceSystem } from '../../../core/reference-systems.js';
import type { View } from '../../../web/view.js';
import type { CoordinateField, Crs } from '../definition.js';

/** The system preselected for a question not yet answered: the tenant's own (else WGS84) if the question offers it, else its first. */
function defaultCrs(view: View, field: CoordinateField): Crs {
  const own = view.tenant.settings?.referenceSystem ?? defaultReferenceSystem;
  return field.crs.find((crs) => crs === own) ?? field.crs[0]!;
}

/** The system an answer (saved or as typed) is in, else the question's default. */
export function chosenCrs(view: View, field: CoordinateField, data: Record<string, unknown>): Crs {
  return (field.crs as readonly unknown[]).includes(data.crs) ? (data.crs as Crs) : defaultCrs(view, field);
}
