/**
 * Realistic teacher applications (API JSON shape) for the `lehrerbewerbung` pack, one per
 * applicant group. Used by the procedure, case and calls tests and the demo data.
 */

/** File metadata as the forms engine accepts it (the applications module also checks it names a real upload). */
export const fakeCertificate = [{ name: 'zeugnis.pdf', type: 'application/pdf', size: 52_341 }];

const person = {
  familyName: 'Lehmann',
  givenNames: 'Clara',
  birthDate: '1996-05-14',
  nationality: 'deutsch',
  children: 1,
  address: { street: 'Karl-Liebknecht-Straße', houseNumber: '12', postalCode: '04107', city: 'Leipzig' },
  bundesland: 'SN',
  email: 'clara.lehmann@example.org',
  applicationKind: 'lehrkraft',
  schulart: 'oberschule',
  regions: { first: 'lasub-leipzig', further: ['14729', 'lasub-dresden'] },
  subjects: { first: 'mathematik', second: 'physik' },
  sorbian: false,
  disability: false,
  civilServant: false,
  certificates: fakeCertificate,
};

/** A1: both state examinations, from Leipzig, Oberschule, Mathematik/Physik. */
export function teacherA1(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...person,
    qualification: { kind: 'zweiteStaatspruefung', lehramt: 'oberschule', gradeFirst: 1.9, gradeSecond: 1.7, examYear: 2025, examLand: 'SN' },
    ...overrides,
  };
}

/** A2: Master of Education without the Vorbereitungsdienst. */
export function teacherA2(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return teacherA1({
    qualification: { kind: 'ersteStaatspruefung', lehramt: 'grundschule', gradeFirst: 2.3, examYear: 2024, examLand: 'SN' },
    schulart: 'grundschule',
    subjects: { first: 'deutsch', second: 'sachunterricht' },
    ...overrides,
  });
}

/** A career changer with another degree; `degree` overrides parts of the degree. */
export function careerChanger(degree: Record<string, unknown>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return teacherA1({
    familyName: 'Wagner',
    givenNames: 'Jonas',
    qualification: { kind: 'andererAbschluss', otherDegree: { title: 'Master of Science Physik', degree: 'master', year: 2019, grade: 1.3, subjectAssignment: true, ...degree } },
    ...overrides,
  });
}
