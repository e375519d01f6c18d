/**
 * A realistic drilling notification from Dresden in the API's JSON shape: two heat-probe
 * boreholes, one deeper than 100 m. Used by the procedure, application and benchmark code.
 * Without the site plan, which is an upload (see `fakeSitePlan`).
 */
export function sampleNotification(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    applicantKind: 'legal',
    applicantName: 'Wärme & Bohr GmbH',
    representative: 'Anna Schmidt',
    applicantAddress: { street: 'Hauptstraße', houseNumber: '5a', postalCode: '01067', city: 'Dresden' },
    email: 'info@waerme-bohr.example',
    clientIsApplicant: true,
    ownerIsApplicant: true,
    contractor: { name: 'Sächsische Bohr AG', address: { street: 'Am Brunnen', houseNumber: '1', postalCode: '09599', city: 'Freiberg' }, certifiedW120: true },
    investigation: { title: 'EWS Einfamilienhaus', purpose: 'Heizung mit Erdwärme', method: 'drilling', startDate: '2026-04-06', endDate: '2026-04-10', commercial: false },
    site: { crs: 'EPSG:25833', easting: 411500, northing: 5656000 },
    municipality: 'Dresden',
    boreholes: [
      {
        designation: 'B1',
        purpose: 'ews',
        depth: 120.5,
        direction: 'vertical',
        drillingMethod: 'flush',
        groundwater: true,
        position: { crs: 'EPSG:25833', easting: 411500, northing: 5656000 },
      },
      {
        designation: 'B2',
        purpose: 'ews',
        depth: 99,
        direction: 'vertical',
        drillingMethod: 'flush',
        groundwater: false,
        position: { crs: 'EPSG:25833', easting: 411510, northing: 5656000 },
      },
    ],
    probeCount: 2,
    heatingCapacityKw: 12.5,
    probeType: 'doubleU',
    fluidWgk: '1',
    grout: 'ThermoCem Plus',
    ...overrides,
  };
}

/** File metadata as the forms engine accepts it (the applications module also checks it names a real upload). */
export const fakeSitePlan = [{ id: 'upload-1', name: 'lageplan.pdf', type: 'application/pdf', size: 250_000, sha256: 'a'.repeat(64) }];

/** A shallow foundation boring without groundwater: only the LfULG is involved. */
export function shallowNotification(): Record<string, unknown> {
  return sampleNotification({
    boreholes: [{ designation: 'BS1', purpose: 'foundation', depth: 8, direction: 'vertical', drillingMethod: 'flush', groundwater: false }],
    probeCount: undefined,
    heatingCapacityKw: undefined,
    probeType: undefined,
    fluidWgk: undefined,
    grout: undefined,
  });
}
