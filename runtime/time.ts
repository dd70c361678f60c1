// Instants are epoch milliseconds. Calendar questions (which local date, which year) are answered in an
// IANA time zone with Intl, which both Node and browsers ship, so no time-zone database is bundled.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** RFC 3339 date-time with a mandatory offset (Z or ±hh:mm). */
export const INSTANT_PATTERN = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$";
const INSTANT = new RegExp(INSTANT_PATTERN);

/** Whether a text has the pattern's shape (whether or not the date it writes exists). */
export function hasInstantShape(text: string): boolean {
  return INSTANT.test(text);
}

/** Parses an ISO-8601 instant with offset to epoch ms; undefined for anything else. */
export function parseInstant(text: unknown): number | undefined {
  // Read digit by digit, this costs less than looking the text up in a memo would.
  return typeof text === "string" ? parseInstantUncached(text) ?? undefined : undefined;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isDigit = (code: number) => code >= 48 && code <= 57;

/** The digit at `at`, or a large negative number when it is not one (a sum of digits then goes negative). */
function digitAt(text: string, at: number): number {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : -100_000;
}

/** The number two digits at `at` write; negative when they are not two digits. */
const twoDigits = (text: string, at: number) => digitAt(text, at) * 10 + digitAt(text, at + 1);

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar (month 1–12), as Date.UTC
 * counts them; plain arithmetic costs a fraction of a Date.UTC call (a test compares the two).
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * The instant a text names when it has the pattern's shape, read digit by digit and shape-checked as
 * it goes (no regular expression, no Date: the schema has already matched the pattern for event
 * fields, and Date.parse with a check of the date written costs several times more; a test compares
 * all of them). Null when it names no instant (not the pattern, or a month, day, hour, minute or
 * second out of range); undefined when the careful path must decide (years before 100, which Date
 * maps to 19xx, and offsets past 23:59).
 */
function parseDigits(text: string): number | null | undefined {
  const length = text.length;
  if (length < 17 || length > 40) return null;
  // yyyy-mm-ddThh:mm, each character read once.
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return null;
  if (text.charCodeAt(4) !== 45 /* - */ || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 /* T */ || text.charCodeAt(13) !== 58 /* : */) return null;
  let second = 0;
  let millis = 0;
  let at = 16;
  if (text.charCodeAt(at) === 58 /* : */) {
    second = twoDigits(text, 17);
    if (second < 0) return null;
    at = 19;
    if (text.charCodeAt(at) === 46 /* . */) {
      at++;
      let count = 0;
      while (at < length && isDigit(text.charCodeAt(at))) {
        // Milliseconds: the first three digits; the rest are dropped, as Date.parse drops them.
        if (count < 3) millis = millis * 10 + text.charCodeAt(at) - 48;
        count++;
        at++;
      }
      if (count < 1 || count > 9) return null;
      for (let k = count; k < 3; k++) millis *= 10;
    }
  }
  // The offset: Z, or ±hh:mm, and nothing after it.
  let offset = 0;
  const sign = text.charCodeAt(at);
  if (sign === 90 /* Z */) {
    if (at + 1 !== length) return null;
  } else {
    if ((sign !== 43 /* + */ && sign !== 45) || at + 6 !== length) return null;
    const hours = twoDigits(text, at + 1);
    const minutes = twoDigits(text, at + 4);
    if (hours < 0 || minutes < 0 || text.charCodeAt(at + 3) !== 58 /* : */) return null;
    if (hours > 23 || minutes > 59) return undefined;
    offset = (sign === 45 ? -1 : 1) * (hours * 60 + minutes);
  }
  if (year < 100) return undefined;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (monthDays === undefined || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) return null;
  return daysFromCivil(year, month, day) * DAY + ((hour * 60 + minute - offset) * 60 + second) * 1000 + millis;
}

function parseInstantUncached(text: string): number | null {
  const fast = parseDigits(text);
  return fast !== undefined ? fast : parseCarefully(text);
}

/** Date.parse, and the date it gives checked against the date written (it rolls Feb 30 over to Mar 2). */
export function parseCarefully(text: string): number | null {
  if (!INSTANT.test(text)) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls over impossible dates (Feb 30); reject them by checking the written date.
  const [y, m, d] = text.slice(0, 10).split("-").map(Number) as [number, number, number];
  const offsetText = text.slice(text.search(/(Z|[+-]\d{2}:\d{2})$/));
  const offset = offsetText === "Z" ? 0 : (offsetText.startsWith("-") ? -1 : 1) * (Number(offsetText.slice(1, 3)) * 60 + Number(offsetText.slice(4, 6)));
  const local = new Date(ms + offset * MINUTE);
  if (local.getUTCFullYear() !== y || local.getUTCMonth() + 1 !== m || local.getUTCDate() !== d) return null;
  return ms;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
      hour: "numeric", minute: "numeric", second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

export function isTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading of an instant in a zone, asked of Intl. */
function exactParts(ms: number, zone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** Offset of the zone from UTC at an instant, in ms (positive east of Greenwich), asked of Intl. */
function exactOffset(ms: number, zone: string): number {
  const p = exactParts(ms, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** Per zone, the offset of each UTC day whose first and last second share it (NaN: it changes that day). */
const dayOffsets = new Map<string, Map<number, number>>();

/**
 * Offset of the zone from UTC at an instant. Intl is slow, and offsets change a few times a year at
 * most, so the offset is remembered per UTC day: a day that starts and ends with the same offset has
 * it throughout (no zone changes its clocks twice within a day), and a day with a change is asked of
 * Intl instant by instant.
 */
function zoneOffset(ms: number, zone: string): number {
  const day = Math.floor(ms / DAY);
  let days = dayOffsets.get(zone);
  if (!days) dayOffsets.set(zone, (days = new Map()));
  let offset = days.get(day);
  if (offset === undefined) {
    const first = exactOffset(day * DAY, zone);
    offset = first === exactOffset(day * DAY + DAY - 1000, zone) ? first : Number.NaN;
    if (days.size >= 100_000) days.clear();
    days.set(day, offset);
  }
  return Number.isNaN(offset) ? exactOffset(ms, zone) : offset;
}

/** The wall-clock reading of an instant in a zone. */
export function localParts(ms: number, zone: string): LocalDateTime {
  const local = new Date(ms + zoneOffset(ms, zone));
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(), hour: local.getUTCHours(), minute: local.getUTCMinutes(), second: local.getUTCSeconds() };
}

/**
 * The instant at which the zone's clocks read the given local time, as Temporal's "compatible"
 * disambiguation answers it: in an overlap (clocks turned back) the earlier instant; in a gap (clocks
 * turned forward, so the reading never happens) the reading taken with the offset before the gap,
 * which lands after it (02:30 on a night that skips from 02:00 to 03:00 becomes 03:30).
 *
 * The offsets a day before and a day after the reading bracket any transition near it; each gives a
 * candidate, and a candidate is right only when the zone's clocks read the wanted time at it.
 */
export function instantFromLocal(local: LocalDateTime, zone: string): number {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const before = wall - zoneOffset(wall - DAY, zone);
  const after = wall - zoneOffset(wall + DAY, zone);
  const reads = (t: number) => t + zoneOffset(t, zone) === wall;
  const candidates = [before, after].filter(reads).sort((a, b) => a - b);
  if (candidates.length) return candidates[0]!;
  // A gap: no instant reads this time. Take the offset in force before it.
  return before;
}

/** A calendar date as the integer yyyymmdd, which orders like the dates do. */
export function dateNumber(year: number, month: number, day: number): number {
  return year * 10_000 + month * 100 + day;
}

/** The local calendar date of an instant in a zone, as yyyymmdd. */
export function localDateNumber(ms: number, zone: string): number {
  const local = new Date(ms + zoneOffset(ms, zone));
  return dateNumber(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
}

/** Whole calendar days from one yyyymmdd date to another (negative when `to` is earlier). */
export function calendarDaysBetween(from: number, to: number): number {
  const utc = (n: number) => Date.UTC(Math.floor(n / 10_000), (Math.floor(n / 100) % 100) - 1, n % 100);
  return Math.round((utc(to) - utc(from)) / DAY);
}

/** A duration's size split into whole days, hours and minutes, and the seconds left (rounded). */
export function durationParts(ms: number): { days: number; hours: number; minutes: number; seconds: number } {
  let rest = Math.abs(ms);
  const days = Math.floor(rest / DAY);
  rest -= days * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  return { days, hours, minutes, seconds: Math.round((rest - minutes * MINUTE) / 1000) };
}

/** Compact text for an elapsed duration, e.g. "44d 19h 0m" (explanations say it in words: words.ts). */
export function formatDuration(ms: number): string {
  const { days, hours, minutes, seconds } = durationParts(ms);
  return `${ms < 0 ? "-" : ""}${days}d ${hours}h ${minutes}m${seconds ? ` ${seconds}s` : ""}`;
}
