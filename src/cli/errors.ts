/** A failure the CLI reports as one line on stderr, with its exit code: 2 for bad arguments, 1 otherwise. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** Bad arguments (a file that is not JSON, a duration that is not one): exit 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2);
  }
}
