/**
 * ISO 8601 dates and times that exist. `Date.parse` takes 2023-02-30 and 2026-01-31T24:00:00Z and
 * rolls them over (to 2 March, to the next day), where Python's datetime, and a person reading
 * the text, refuse them; so the form is matched first and then each field checked against its range.
 * One checker for every place that takes a time: `--exclude-newer`, the lab's "as of" date, a
 * permalink's, a study event's wall time.
 */

const DATE = String.raw`(?<year>\d{4})-(?<month>\d\d)-(?<day>\d\d)`;
const HOUR_MINUTE = String.raw`(?<hour>\d\d):(?<minute>\d\d)`;
const SECOND = String.raw`:(?<second>\d\d)`;
/** An offset from UTC, `+02:00`; `loose` also takes `+0200`. */
const offset = (loose: boolean) => String.raw`[+-](?<offsetHour>\d\d)${loose ? ':?' : ':'}(?<offsetMinute>\d\d)`;

export const ISO_FORMS = {
  /** A calendar date: 2023-09-01. */
  date: new RegExp(`^${DATE}$`),
  /** A full time with its zone, as `toISOString` writes it: 2026-01-31T12:00:00.000Z (at most microseconds, as Python keeps). */
  instant: new RegExp(String.raw`^${DATE}T${HOUR_MINUTE}${SECOND}(?:\.\d{1,6})?(?:Z|${offset(false)})$`),
  /** A date, or a date and a time with what may be left out left out: 2023-09-01, 2023-09-01 12:00, 2023-09-01T12:00:00.5+0200. */
  dateOrTime: new RegExp(String.raw`^${DATE}(?:[T ]${HOUR_MINUTE}(?:${SECOND}(?:\.\d+)?)?(?:Z|${offset(true)})?)?$`),
} as const;

export type IsoForm = keyof typeof ISO_FORMS;

/** Whether `text` is written in `form` and names a day and time that exist (no 2023-02-30, no hour 24, no minute 60). */
export function isRealIsoTime(text: string, form: IsoForm): boolean {
  const fields = ISO_FORMS[form].exec(text)?.groups;
  if (!fields) return false;
  const n = (name: string) => Number(fields[name] ?? 0);
  const [year, month, day] = [n('year'), n('month'), n('day')];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month) && n('hour') <= 23 && n('minute') <= 59 && n('second') <= 59 && n('offsetHour') <= 23 && n('offsetMinute') <= 59;
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}
