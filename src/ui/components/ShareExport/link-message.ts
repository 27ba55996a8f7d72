/** What the person reads when a link can't be opened: what went wrong in their terms, and what to do. */
import { PermalinkError } from '../../../core/export/index.ts';

const WHAT_TO_DO = 'Copy the whole link again from where it was shared, or ask whoever sent it for a new one.';

export function linkFailureMessage(error: unknown): string {
  if (!(error instanceof PermalinkError)) return `This link could not be opened: ${(error as Error).message}`;
  switch (error.code) {
    case 'malformed':
      return `This link is damaged or incomplete (its end is cut off, or it holds characters a Pipette link never has). ${WHAT_TO_DO}`;
    case 'corrupt':
      return `This link is damaged or incomplete (its contents do not unpack: part of it is missing or was changed). ${WHAT_TO_DO}`;
    case 'invalid':
      return `This link could not be opened: ${error.message}${error.path ? ` (at ${error.path})` : ''} ${WHAT_TO_DO}`;
    case 'too-large':
    case 'unsupported-version':
      return error.message;
  }
}
