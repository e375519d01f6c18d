import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { validateSubmission, type FormDefinition } from '../../src/modules/forms/index.js';
import { currentProcedureVersion, loadPack, ProcedurePackError, resolveRecipients, type ProcedureDefinition } from '../../src/modules/procedures/index.js';
import { projectPath } from '../../src/core/paths.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { careerChanger, fakeCertificate, teacherA1, teacherA2 } from './lehrerbewerbung-sample.js';

const packFolder = projectPath('procedures/lehrerbewerbung');
const now = new Date('2026-04-10T09:00:00Z');

function validate(form: FormDefinition, data: Record<string, unknown>) {
  return validateSubmission(form, data, { now, insideRegion: () => true });
}

function errorPointers(form: FormDefinition, data: Record<string, unknown>): string[] {
  return validate(form, data).errors.map((error) => error.pointer);
}

describe('lehrerbewerbung pack: form and applicant groups', () => {
  const { procedure, form } = loadPack(packFolder);

  it('asks persons only, at trust level substanziell, routed by the first region wish', () => {
    assert.equal(procedure.trustLevel, 'substanziell');
    assert.deepEqual(procedure.applicants, ['person']);
    assert.deepEqual(
      procedure.recipients.map((r) => [r.authorityKind, r.region, r.field]),
      [['school', 'chosenInField', '/regions/first']],
    );
  });

  it('derives A1 with its reason and ranks by the grade of the second state examination', () => {
    const { value, errors } = validate(form, teacherA1());
    assert.deepEqual(errors, []);
    assert.equal(value.applicantGroup, 'A1');
    assert.match(String(value.applicantGroupReason), /^A1: .*Zweiter Staatsprüfung/);
    assert.equal(value.rankingGrade, 1.7);
    assert.equal(value.applicantName, 'Lehmann, Clara');
  });

  it('derives A1 for trainees finishing before the hiring date and for recognised foreign qualifications', () => {
    const trainee = validate(form, teacherA1({ qualification: { kind: 'vorbereitungsdienst', lehramt: 'gymnasium', gradeFirst: 2.0, examYear: 2026, examLand: 'SN' } }));
    assert.deepEqual(trainee.errors, []);
    assert.equal(trainee.value.applicantGroup, 'A1');
    assert.equal(trainee.value.rankingGrade, 2.0, 'no second grade yet: the first one counts');
    const foreign = validate(
      form,
      teacherA1({ qualification: { kind: 'auslandGleichwertig', lehramt: 'anderesLand', examYear: 2015, examLand: 'ausland' }, recognition: fakeCertificate }),
    );
    assert.deepEqual(foreign.errors, []);
    assert.equal(foreign.value.applicantGroup, 'A1');
  });

  it('derives A2 for a Master of Education without the second examination and for recognition with conditions', () => {
    const grundschule = validate(form, teacherA2());
    assert.deepEqual(grundschule.errors, []);
    assert.equal(grundschule.value.applicantGroup, 'A2');
    assert.equal(grundschule.value.rankingGrade, 2.3);
    assert.equal((grundschule.value.qualification as Record<string, unknown>).gradeSecond, undefined, 'the second grade is not asked');
    const conditions = teacherA1({ qualification: { kind: 'auslandAuflagen', lehramt: 'anderesLand', examYear: 2012, examLand: 'ausland' } });
    assert.deepEqual(errorPointers(form, conditions), ['/recognition'], 'a foreign qualification needs its recognition');
    assert.equal(validate(form, { ...conditions, recognition: fakeCertificate }).value.applicantGroup, 'A2');
  });

  it('derives B1, B2 and B3 for career changers from the relation of their degree', () => {
    const b1 = validate(form, careerChanger({}));
    assert.deepEqual(b1.errors, []);
    assert.deepEqual([b1.value.applicantGroup, b1.value.rankingGrade], ['B1', 1.3]);
    const b2 = validate(form, careerChanger({ title: 'Diplom-Sozialpädagogik', degree: 'diplom', subjectAssignment: false, pedagogical: true }));
    assert.deepEqual(b2.errors, []);
    assert.equal(b2.value.applicantGroup, 'B2');
    const b3 = validate(
      form,
      careerChanger({ title: 'Magister Kulturwissenschaften', degree: 'magister', subjectAssignment: false, pedagogical: false, relevantToStundentafel: true }),
    );
    assert.deepEqual(b3.errors, []);
    assert.equal(b3.value.applicantGroup, 'B3');
    assert.match(String(b3.value.applicantGroupReason), /^B3: /);
  });

  it('refuses degrees that allow no career change, and a Bachelor outside Oberschule, Förderschule and vocational schools', () => {
    const unrelated = validate(form, careerChanger({ subjectAssignment: false, pedagogical: false, relevantToStundentafel: false }));
    assert.deepEqual(
      unrelated.errors.map((e) => [e.pointer, e.params?.reason]),
      [['/qualification/kind', 'rule.noGroup']],
    );
    assert.equal(unrelated.value.applicantGroup, null);
    const bachelor = careerChanger({ degree: 'bachelor' }, { schulart: 'grundschule' });
    assert.deepEqual(errorPointers(form, bachelor), ['/qualification/otherDegree/degree']);
    assert.deepEqual(errorPointers(form, careerChanger({ degree: 'bachelor' }, { schulart: 'berufsbildend' })), []);
  });

  it('asks Gymnasium applicants for a posting, and follow-up questions only when they apply', () => {
    assert.deepEqual(errorPointers(form, teacherA1({ schulart: 'gymnasium' })), ['/posting']);
    assert.deepEqual(errorPointers(form, teacherA1({ schulart: 'gymnasium', posting: 'GY-L-2026-014' })), []);
    assert.deepEqual(errorPointers(form, teacherA1({ schulart: 'foerderschule' })), ['/foerderschwerpunkt']);
    assert.deepEqual(errorPointers(form, teacherA1({ disability: true })), ['/gdb', '/disabilityProof']);
    const civilServant = validate(form, teacherA1({ civilServant: true, releaseDeclaration: false }));
    assert.deepEqual(civilServant.errors, []);
    assert.deepEqual(
      civilServant.warnings.map((w) => w.pointer),
      ['/releaseDeclaration'],
    );
    assert.deepEqual(errorPointers(form, teacherA1({ civilServant: true, releaseDeclaration: true })), ['/releaseDocument']);
    assert.deepEqual(errorPointers(form, teacherA1({ subjects: { first: 'mathematik', second: 'mathematik' } })), ['/subjects/second']);
    assert.deepEqual(errorPointers(form, teacherA1({ regions: { first: 'lasub-radebeul' } })), ['/regions/first'], 'Radebeul is no hiring region');
  });

  it('warns about the age limit for civil-servant status', () => {
    assert.deepEqual(
      validate(form, teacherA1({ birthDate: '1980-01-01' })).warnings.map((w) => w.pointer),
      ['/birthDate'],
    );
  });
});

describe('lehrerbewerbung pack: routing to the LaSuB Standort of the first wish', () => {
  let runtime: TestRuntime;
  let tenantId: string;
  let procedure: ProcedureDefinition;
  let form: FormDefinition;
  before(async () => {
    runtime = await createTestRuntime();
    tenantId = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
    ({ procedure, form } = (await currentProcedureVersion(runtime.ctx, 'lehrerbewerbung'))!);
  });
  after(() => runtime.dispose());

  async function recipientsOf(firstWish: string): Promise<string[]> {
    const { value, errors } = validate(form, teacherA1({ regions: { first: firstWish } }));
    assert.deepEqual(errors, []);
    return (await resolveRecipients(runtime.ctx, tenantId, procedure, form, value)).map((r) => r.authority.key);
  }

  it('routes a chosen Standort to itself and a chosen Landkreis to the Standort serving it', async () => {
    assert.deepEqual(await recipientsOf('lasub-leipzig'), ['lasub-leipzig']);
    assert.deepEqual(await recipientsOf('lasub-bautzen'), ['lasub-bautzen']);
    assert.deepEqual(await recipientsOf('14523'), ['lasub-zwickau'], 'Vogtlandkreis');
    assert.deepEqual(await recipientsOf('14626'), ['lasub-bautzen'], 'Landkreis Görlitz');
    assert.deepEqual(await recipientsOf('14628'), ['lasub-dresden'], 'Sächsische Schweiz-Osterzgebirge');
    assert.deepEqual(await recipientsOf('14522'), ['lasub-chemnitz'], 'Mittelsachsen');
  });

  it('refuses routing when the chosen authority does not exist', async () => {
    const { value } = validate(form, teacherA1());
    await assert.rejects(resolveRecipients(runtime.ctx, tenantId, procedure, form, { ...value, regions: { first: 'lasub-atlantis' } }), { code: 'procedures.routing.noAuthority' });
  });
});

describe('routing option "chosenInField" in procedure.json', () => {
  it('requires a field pointer with chosenInField and allows it nowhere else', () => {
    const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pack-')), 'lehrerbewerbung');
    fs.mkdirSync(folder);
    const document = JSON.parse(fs.readFileSync(path.join(packFolder, 'procedure.json'), 'utf8'));
    delete document.recipients[0].field;
    document.recipients.push({ authorityKind: 'school', region: 'land', field: '/regions/first', when: false });
    fs.writeFileSync(path.join(folder, 'procedure.json'), JSON.stringify(document));
    fs.copyFileSync(path.join(packFolder, 'form.json'), path.join(folder, 'form.json'));
    assert.throws(
      () => loadPack(folder),
      (error: unknown) => error instanceof ProcedurePackError && error.problems.map((p) => p.path).join(' ') === '/recipients/0/field /recipients/1/field',
    );
  });
});
