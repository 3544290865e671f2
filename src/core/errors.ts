/**
 * An error the user can act on: bad input, unknown channel, a file that is not a CSV. Its message is shown
 * as it is; anything else that escapes a command is an unexpected error and is shown only with a log id.
 */
export class UserError extends Error {
  constructor(
    readonly title: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
