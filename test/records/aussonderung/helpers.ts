import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../src/core/context.js';
import { inTransaction, type Trx } from '../../../src/core/db/index.js';
import { textContent } from '../../../src/modules/records/files/content.js';
import { toFile } from '../../../src/modules/records/files/model.js';
import { addDocument, closeFile, closeProcess, createFile, openProcess, systemAuthor } from '../../../src/modules/records/files/write.js';
import type { TestRuntime } from '../../helpers/runtime.js';

/** Where test Akten are filed: the authority and its Aktenplan unit. */
export interface Where {
  tenantId: string;
  authority: { id: string; key: string };
  unitId: string;
  kennzeichen: string;
}

/** A new Akte under the unit with one open Vorgang, in the caller's transaction. */
export async function newAkteWithVorgang(trx: Trx, ctx: AppContext, where: Where, subject: string) {
  const file = await createFile(
    trx,
    ctx,
    {
      tenantId: where.tenantId,
      authorityId: where.authority.id,
      authorityKey: where.authority.key,
      unit: { id: where.unitId, kennzeichen: where.kennzeichen },
      subject,
      formationKey: null,
    },
    systemAuthor,
  );
  const process = await openProcess(trx, ctx, file, { subject: `Vorgang ${subject}`, caseId: null }, systemAuthor);
  return { file, process };
}

/** A closed Akte with one Vorgang and one text document; returns its id and the document's blob address. */
export async function closedAkte(runtime: TestRuntime, where: Where, subject: string): Promise<{ id: string; sha256: string }> {
  const ctx = runtime.ctx;
  return inTransaction(ctx.db, async (trx) => {
    const { file, process } = await newAkteWithVorgang(trx, ctx, where, subject);
    await addDocument(
      trx,
      ctx,
      process,
      { kind: 'antrag', direction: 'in', title: 'Bohranzeige', documentDate: '2026-03-02', content: textContent(`Bohranzeige ${subject} ${randomUUID()}`, 'anzeige.txt') },
      systemAuthor,
    );
    await closeProcess(trx, ctx, process, systemAuthor);
    await closeFile(trx, ctx, toFile(await trx.selectFrom('record_files').selectAll().where('id', '=', file.id).executeTakeFirstOrThrow()), systemAuthor);
    const version = await trx
      .selectFrom('record_document_versions as v')
      .innerJoin('record_documents as d', 'd.id', 'v.document_id')
      .select('v.sha256')
      .where('d.file_id', '=', file.id)
      .executeTakeFirstOrThrow();
    return { id: file.id, sha256: version.sha256 };
  });
}
