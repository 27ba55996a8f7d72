/**
 * One CSV field, for every table Pipette writes (study results, the wording lab's grids, the
 * interoperability suite). RFC 4180: a field with a comma, a quote or a line break is quoted,
 * its quotes doubled. Text a spreadsheet would run as a formula (a leading `=`, `+`, `-`, `@`,
 * tab or carriage return: OWASP's CSV injection list) gets a leading `'`, since participants,
 * indexes and wording files write some of these fields. Numbers and booleans are written as
 * they are, null and undefined as an empty field, anything else as JSON.
 */
export function csvField(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else text = JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
