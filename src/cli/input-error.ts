/** A problem with what the user gave the CLI (a file, an option): printed as it is, exit status 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
