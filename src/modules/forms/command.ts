import fs from 'node:fs';
import type { Command, CommandInput } from '../../core/module.js';
import { FormDefinitionError } from './definition-schema.js';
import { importXdf, XdfImportError } from './xdf/import.js';

/** `amtsweg forms import-xdf FILE.xml [OUT.json]`: a form definition draft from FIM XDatenfelder. */
export const formsCommand: Command = {
  description: 'form definitions',
  subcommands: {
    'import-xdf': {
      description: 'convert an XDatenfelder 2.0/3.0 schema into a form definition draft (stdout or OUT.json)',
      arguments: [
        { name: 'FILE.xml', description: 'the XDatenfelder schema' },
        { name: 'OUT.json', description: 'where to write the draft (default: stdout)', optional: true },
      ],
      run: importXdfCommand,
    },
  },
};

async function importXdfCommand(_ctx: unknown, { args }: CommandInput): Promise<number> {
  const [input, output] = args as [string, string?]; // commander insists on the first
  try {
    const { form, notes, xdfVersion } = importXdf(fs.readFileSync(input, 'utf8'));
    const json = `${JSON.stringify(form, null, 2)}\n`;
    if (output) fs.writeFileSync(output, json);
    else process.stdout.write(json);
    process.stderr.write(`XDatenfelder ${xdfVersion}.0 → form "${form.key}" version ${form.version}: ${form.pages.length} page(s)\n`);
    for (const note of notes) process.stderr.write(`  note: ${note}\n`);
    return 0;
  } catch (error) {
    if (error instanceof XdfImportError || error instanceof FormDefinitionError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`amtsweg forms import-xdf: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}
