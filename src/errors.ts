/** A mistake of the user's (bad flag, missing path, bad config): exit 2 with one line, no stack. */
export class UserError extends Error {
  override name = 'UserError';
}
