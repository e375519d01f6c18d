import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ValidationError } from '../../../src/core/errors.js';
import type { Actor } from '../../../src/modules/access/index.js';
import { listAuthoritiesByKind } from '../../../src/modules/catalog/index.js';
import {
  createPlan,
  createUnit,
  exportPlanTree,
  exportPlanXdomea,
  importPlanCsv,
  importPlanXdomea,
  retireUnit,
  type PlanTreeNode,
} from '../../../src/modules/records/plan/index.js';
import { validateXdomea } from '../../../src/modules/records/xdomea/index.js';
import { createTestRuntime, type TestRuntime } from '../../helpers/runtime.js';

describe('Aktenplan as XDOMEA 0301', () => {
  let runtime: TestRuntime;
  let manager: Actor;
  let source: string;
  let target: string;
  before(async () => {
    runtime = await createTestRuntime();
    const sn = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
    const lfulg = (await listAuthoritiesByKind(runtime.ctx, sn, 'geology'))[0]!.id;
    manager = { kind: 'staff', tenantId: sn, accountId: 'rm', name: 'Rita Registratur', trustLevel: 'substanziell', memberships: [{ authorityId: lfulg, role: 'recordsManager' }] };
    source = (await createPlan(runtime.ctx, manager, { authorityId: lfulg, title: 'Quelle', validFrom: '2026-01-01' })).id;
    target = (await createPlan(runtime.ctx, manager, { authorityId: lfulg, title: 'Ziel', validFrom: null })).id;
  });
  after(() => runtime.dispose());

  it('writes a schema-valid 0301 and reads it back into another plan with the same tree; known units keep their Aktenbildung', async () => {
    const ctx = runtime.ctx;
    const csv =
      'kennzeichen;uebergeordnet;titel;aufbewahrung_jahre;aussonderungsart;aktenbildung;gueltig_ab;gueltig_bis;stillgelegt\n52;;Geologie & Boden <Sachsen>;unbefristet;A;case;;;nein\n52.10;52;Anzeigen;30;A;case;2020-01-01;;nein\n52.20;52;Landesaufnahme;10;B;site;;;nein\n';
    await importPlanCsv(ctx, manager, source, csv, { reason: 'Aufbau' });
    const old = await createUnit(ctx, manager, source, {
      parentId: null,
      fields: { kennzeichen: '99', title: 'Alt', retentionYears: 5, disposal: 'V', formation: 'year', validFrom: null, validTo: null },
      reason: null,
    });
    await retireUnit(ctx, manager, source, old.unit.id, { reason: 'alt' });
    const xml = await exportPlanXdomea(ctx, manager, source);
    const validation = await validateXdomea(xml);
    assert.equal(validation.valid, true, JSON.stringify(validation));
    assert.match(xml, /<xdomea:Kennzeichen>52\.10<\/xdomea:Kennzeichen>/);

    // The target already knows 52.20 as one Akte per site: that survives, the rest arrives as "per case".
    await createUnit(ctx, manager, target, {
      parentId: null,
      fields: { kennzeichen: '52.20', title: 'Vorher', retentionYears: 1, disposal: 'V', formation: 'site', validFrom: null, validTo: null },
      reason: null,
    });
    const result = await importPlanXdomea(ctx, manager, target, Buffer.from(xml), { reason: 'Übernahme aus XDOMEA' });
    assert.deepEqual([result.created, result.updated], [['52', '52.10', '99'], ['52.20']]);
    const withoutFormation = (nodes: PlanTreeNode[]): unknown[] => nodes.map(({ formation: _f, children, ...rest }) => ({ ...rest, children: withoutFormation(children) }));
    const [a, b] = [await exportPlanTree(ctx, manager, source), await exportPlanTree(ctx, manager, target)];
    assert.deepEqual(withoutFormation(b.units), withoutFormation(a.units));
    assert.deepEqual([b.title, b.validFrom], ['Quelle', '2026-01-01'], 'the plan takes the message’s Bezeichnung and Gültigkeit');
    assert.equal(b.units[0]!.children.find((n) => n.kennzeichen === '52.20')!.formation, 'site');
    assert.equal(b.units.find((n) => n.kennzeichen === '99')!.formation, 'case');
  });

  it('refuses what is not a valid 0301 at /xml, and writes nothing', async () => {
    for (const input of ['<kein xml', '<?xml version="1.0"?><a xmlns="urn:other"/>']) {
      await assert.rejects(
        importPlanXdomea(runtime.ctx, manager, target, input, { reason: 'x' }),
        (error: unknown) => error instanceof ValidationError && error.fields[0]!.pointer === '/xml' && error.fields[0]!.code === 'records.plan.xdomea.invalid',
      );
    }
  });
});
