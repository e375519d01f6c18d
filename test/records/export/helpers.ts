import fs from 'node:fs';
import path from 'node:path';
import { inTransaction } from '../../../src/core/db/index.js';
import { renderPdf } from '../../../src/core/pdf/index.js';
import { contentOf, textContent } from '../../../src/modules/records/files/content.js';
import { addDocument, addVersion, createFile, openProcess, systemAuthor } from '../../../src/modules/records/files/write.js';
import type { TestRuntime } from '../../helpers/runtime.js';
import { authoritiesOf, tenantId, tinyPng } from '../../cases/helpers.js';
import { demoUnits, givePlan } from '../files/helpers.js';

export interface TestAkte {
  tenant: string;
  authorityId: string;
  otherAuthorityId: string;
  fileId: string;
  aktenzeichen: string;
  /** By title: Antrag (a generated PDF), Stellungnahme (text, two versions), Lageplan (an image). */
  documents: Record<'antrag' | 'stellungnahme' | 'lageplan', { id: string; sha256: string }>;
}

/** An Akte at the LfULG with one Vorgang and three documents, written through the E-Akte's own writes. */
export async function anAkte(runtime: TestRuntime): Promise<TestAkte> {
  const { ctx } = runtime;
  const tenant = await tenantId(runtime);
  const authorities = await authoritiesOf(runtime, tenant);
  // With demo data the LfULG may have its Aktenplan already (data/records): file under its 52.10.20 then.
  const settings = await ctx.db.selectFrom('record_settings').select('plan_id').where('authority_id', '=', authorities.lfulg.id).executeTakeFirst();
  const demoUnit =
    settings && (await ctx.db.selectFrom('record_plan_units').select('id').where('plan_id', '=', settings.plan_id).where('kennzeichen', '=', '52.10.20').executeTakeFirst());
  const units = demoUnit ? { '52.10.20': demoUnit.id } : await givePlan(runtime, tenant, authorities.lfulg.id, demoUnits.geology!);
  const pdf = await renderPdf({ title: 'Bohranzeige', author: 'Amtsweg' }, { clock: ctx.clock }, (w) =>
    w.heading('Bohranzeige').paragraph('Erdwärmesonde in Freiberg, 120 m tief.'),
  );
  return inTransaction(ctx.db, async (trx) => {
    const file = await createFile(
      trx,
      ctx,
      {
        tenantId: tenant,
        authorityId: authorities.lfulg.id,
        authorityKey: 'lfulg',
        unit: { id: units['52.10.20']!, kennzeichen: '52.10.20' },
        subject: 'Bohranzeige Freiberg',
        formationKey: null,
      },
      systemAuthor,
    );
    const process = await openProcess(trx, ctx, file, { subject: 'Bohranzeige Freiberg', caseId: null }, systemAuthor);
    const add = (title: string, content: ReturnType<typeof textContent>) =>
      addDocument(trx, ctx, process, { kind: 'antrag', direction: 'in', title, documentDate: '2026-03-02', sender: 'Erika Muster', content }, systemAuthor);
    const antrag = await add('Bohranzeige', contentOf(pdf, 'bohranzeige.pdf', 'application/pdf'));
    const stellungnahme = await add('Stellungnahme Gemeinde', textContent('Keine Bedenken.', 'stellungnahme.txt'));
    await addVersion(
      trx,
      ctx,
      { ...stellungnahme, tenantId: tenant },
      textContent('Keine Bedenken, Auflage: Abstand 5 m zum Brunnen.', 'stellungnahme.txt'),
      'Ergänzung der Gemeinde',
      systemAuthor,
    );
    const lageplan = await add('Lageplan', contentOf(tinyPng, 'lageplan.png', 'image/png'));
    const versions = await trx
      .selectFrom('record_document_versions')
      .select(['document_id', 'sha256', 'number'])
      .where('tenant_id', '=', tenant)
      .orderBy('number', 'desc')
      .execute();
    const sha = (id: string) => versions.find((v) => v.document_id === id)!.sha256;
    return {
      tenant,
      authorityId: authorities.lfulg.id,
      otherAuthorityId: authorities.oba.id,
      fileId: file.id,
      aktenzeichen: file.aktenzeichen,
      documents: {
        antrag: { id: antrag.id, sha256: sha(antrag.id) },
        stellungnahme: { id: stellungnahme.id, sha256: sha(stellungnahme.id) },
        lageplan: { id: lageplan.id, sha256: sha(lageplan.id) },
      },
    };
  });
}

/** Where the filesystem backend keeps a blob (the tests run with the default BLOB_STORE=fs). */
export const blobPath = (runtime: TestRuntime, sha256: string) => path.join(runtime.dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256);

/** Changes one byte of a stored blob, as a disk error or a forger would. */
export function tamper(runtime: TestRuntime, sha256: string): void {
  const file = blobPath(runtime, sha256);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
  fs.writeFileSync(file, bytes);
}
