import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../core/errors.js';
import type { HttpApp } from '../../core/module.js';
import { csrfTokenValid } from '../../web/csrf.js';
import { CsrfField, FieldError, SubmitButton } from '../../web/components/form.js';
import type { View } from '../../web/view.js';

/**
 * The upload of an XDOMEA message received from outside (the archive's 0502/0506…, the DMS's
 * 0402) on a records manager's page: the form (no JavaScript, the refusal shown at the field) and
 * the reading of its multipart body.
 */

/** Received messages are small: no primary files travel to us. */
const maxMessageBytes = 10 * 1024 * 1024;

export interface UploadTexts {
  title: string;
  file: string;
  hint: string;
  submit: string;
}

export function MessageUploadForm({ view, action, texts, error }: { view: View; action: string; texts: UploadTexts; error?: string }) {
  return (
    <section class="aw-stack" aria-labelledby="upload-title">
      <h2 class="kern-title kern-title--medium" id="upload-title">
        {texts.title}
      </h2>
      <form method="post" action={action} encType="multipart/form-data" class="kern-stack" noValidate aria-labelledby="upload-title">
        <CsrfField view={view} />
        <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
          <label class="kern-label" for="message">
            {texts.file}
          </label>
          <div class="kern-hint" id="message-hint">
            {texts.hint}
          </div>
          <FieldError view={view} id="message" error={error} />
          <input
            class="kern-form-input__input"
            type="file"
            id="message"
            name="message"
            accept=".xml,.zip,application/xml,application/zip"
            aria-describedby={error ? 'message-hint message-error' : 'message-hint'}
            aria-invalid={error ? 'true' : undefined}
          />
        </div>
        <SubmitButton variant="secondary">{texts.submit}</SubmitButton>
      </form>
    </section>
  );
}

/**
 * Reads the uploaded file `message` of a multipart form and checks the CSRF token once the fields
 * have arrived. Returns null when the reply is sent already (bad token); throws a ValidationError
 * with `noFileCode` at `/file` when no file (or one too large) came.
 */
export async function readMessageUpload(app: HttpApp, request: FastifyRequest, reply: FastifyReply, noFileCode: string): Promise<Buffer | null> {
  const fields: Record<string, string> = {};
  let bytes: Buffer = Buffer.alloc(0);
  let tooLarge = false;
  for await (const part of request.parts({ limits: { fileSize: maxMessageBytes } })) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value.slice(0, 2000);
      continue;
    }
    const content = await part.toBuffer().catch(() => ((tooLarge = true), Buffer.alloc(0)));
    if (part.fieldname === 'message') bytes = content;
  }
  if (!csrfTokenValid(app, request, reply, fields._csrf)) return null;
  if (tooLarge || bytes.length === 0) throw new ValidationError([{ pointer: '/file', code: noFileCode }]);
  return bytes;
}
