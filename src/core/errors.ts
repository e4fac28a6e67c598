/** A control-plane lookup found nothing (a sandbox, snapshot, delivery …): 404 `{"error"}`. */
export class NotFoundError extends Error {}

/** The sandbox a write was for is gone: deleted after the request's credential was checked. */
export class SandboxGoneError extends NotFoundError {
  constructor(readonly sandboxId: string) {
    super(`sandbox '${sandboxId}' not found`);
  }
}
