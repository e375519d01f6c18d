import { DomainError } from '../../core/errors.js';
import type { TrustLevel } from './access.js';

/** The procedure needs a higher trust level than the session has: the pages offer a step-up. */
export class StepUpRequiredError extends DomainError {
  constructor(readonly required: TrustLevel) {
    super(403, 'applications.stepUpRequired', { level: required });
  }
}

/** A draft past its retention time: it is about to be deleted and can no longer change. */
export class DraftExpiredError extends DomainError {
  constructor() {
    super(410, 'applications.expired');
  }
}

/** The client works with another version of the form than the draft was started with. */
export class StaleVersionError extends DomainError {
  constructor(version: number) {
    super(409, 'applications.staleVersion', { version });
  }
}
