import fs from 'node:fs';
import type { AppContext } from '../../../core/context.js';
import type { Command, CommandInput } from '../../../core/module.js';
import { verifyEvidence, type EvidenceRecord } from './evidence.js';

/**
 * `amtsweg records verify AKTENZEICHEN [EVIDENCE.json]`: recomputes the Akte's evidence record from
 * the database and the blob store and names every changed or missing file; with an exported
 * evidence record also what was removed or added since. Exits 1 on any finding.
 */
export const recordsCommand: Command = {
  description: 'the E-Akte',
  subcommands: {
    verify: {
      description: 'check every version of an Akte against the blob store and the audit chain; exits 1 on a mismatch',
      arguments: [
        { name: 'AKTENZEICHEN', description: 'the Akte' },
        { name: 'EVIDENCE.json', description: 'an evidence record exported earlier, to compare with', optional: true },
      ],
      run: verifyRecords,
    },
  },
};

async function verifyRecords(ctx: AppContext, { args }: CommandInput): Promise<number> {
  const [aktenzeichen, evidencePath] = args as [string, string?];
  const earlier = evidencePath ? (JSON.parse(fs.readFileSync(evidencePath, 'utf8')) as EvidenceRecord) : undefined;
  const results = await verifyEvidence(ctx, aktenzeichen, earlier);
  if (results.length === 0) {
    process.stderr.write(`no Akte ${aktenzeichen}${earlier ? ` with id ${earlier.fileId}` : ''}\n`);
    return 1;
  }
  let failed = false;
  for (const result of results) {
    for (const f of result.findings) {
      process.stdout.write(
        `${f.problem.toUpperCase()}: ${f.processAktenzeichen} Dokument ${f.documentNumber} Version ${f.version} "${f.fileName}" (document ${f.documentId}, sha256 ${f.sha256}): ${f.detail}\n`,
      );
    }
    const rootCheck = earlier ? (earlier.root === result.root ? ', root as in the evidence record' : `, root differs from the evidence record's ${earlier.root}`) : '';
    if (earlier && earlier.root !== result.root) failed = true;
    if (result.findings.length) failed = true;
    const verdict = result.findings.length ? `${result.findings.length} finding(s)` : 'intact';
    process.stdout.write(`Akte ${result.aktenzeichen} (tenant ${result.tenantId}): ${result.versions} versions checked, root ${result.root}${rootCheck}: ${verdict}\n`);
  }
  return failed ? 1 : 0;
}
