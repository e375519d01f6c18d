/**
 * Domain errors. Services throw these; the HTTP layer maps each to a status, an HTML page in the
 * user's language and an RFC 9457 `application/problem+json` body. `code` is a stable identifier
 * (also the i18n key of the title), never a sentence.
 */
export interface FieldError {
  /** JSON pointer into the submitted document, e.g. `/boreholes/0/depth`. */
  pointer: string;
  /** i18n key of the message. */
  code: string;
  params?: Record<string, string | number>;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(code = 'error.notFound', params?: Record<string, string | number>) {
    super(404, code, params);
  }
}

/** The actor may not do this. Services throw it; deny by default. */
export class ForbiddenError extends DomainError {
  constructor(code = 'error.forbidden', params?: Record<string, string | number>) {
    super(403, code, params);
  }
}

export class AuthenticationRequiredError extends DomainError {
  constructor(code = 'error.authenticationRequired') {
    super(401, code);
  }
}

/** Something changed meanwhile (optimistic locking, duplicate submission, state conflict). */
export class ConflictError extends DomainError {
  constructor(code = 'error.conflict', params?: Record<string, string | number>) {
    super(409, code, params);
  }
}

export class ValidationError extends DomainError {
  constructor(
    readonly fields: FieldError[],
    code = 'error.validation',
  ) {
    super(422, code);
  }
}

/**
 * Input that no field may hold at all — a NUL byte, nesting deeper than any form — refused with 400
 * before any handler or query sees it, with where it was.
 */
export class BadInputError extends ValidationError {
  override readonly status = 400;

  constructor(fields: FieldError[]) {
    super(fields, 'error.badRequest');
  }
}

export class TooManyRequestsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'error.tooManyRequests', { seconds: retryAfterSeconds });
  }
}
