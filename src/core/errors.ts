/** A control-plane lookup found nothing (a sandbox, snapshot, delivery …): 404 `{"error"}`. */
export class NotFoundError extends Error {}

/** The sandbox a write was for is gone: deleted after the request's credential was checked. */
export class SandboxGoneError extends NotFoundError {
  constructor(readonly sandboxId: string) {
    super(`sandbox '${sandboxId}' not found`);
  }
}

/** A control-plane write that clashes with what exists (a sandbox id taken): 409 `{"error"}`. */
export class ConflictError extends Error {}
