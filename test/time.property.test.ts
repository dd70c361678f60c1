// Local wall-clock time → instant, checked against Temporal (the reference polyfill of the proposal's
// champions) in every IANA zone from 2020 to 2030: the midnights around every daylight-saving change,
// readings inside gaps and overlaps, and random readings. Temporal's "compatible" disambiguation is the
// documented meaning (earlier instant in an overlap, shifted past a gap).
import { Temporal } from "@js-temporal/polyfill";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compilePolicy } from "../compiler/index.js";
import { instantFromLocal, localParts, parseInstant } from "../runtime/index.js";
import { daysFromCivil, parseCarefully } from "../runtime/time.js";
import { EVENT_TIMESTAMPS, readInstants } from "../runtime/instants.js";
import { readPath } from "../runtime/index.js";
import { eventsFrom } from "./helpers/arbitrary-events.js";
import { CORPUS_SUITES } from "./helpers/corpus.js";
import { corpusEvent } from "./helpers/events.js";

const ZONES = Intl.supportedValuesOf("timeZone");
const FROM = Temporal.Instant.from("2020-01-01T00:00:00Z");
const UNTIL = Temporal.Instant.from("2031-01-01T00:00:00Z");

const truth = (p: Temporal.PlainDateTime, zone: string) => p.toZonedDateTime(zone, { disambiguation: "compatible" }).epochMilliseconds;
const ours = (p: Temporal.PlainDateTime, zone: string) => instantFromLocal({ year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second }, zone);

/** Every offset change of a zone in the decade, as zoned date-times just after the change. */
function transitions(zone: string): Temporal.ZonedDateTime[] {
  const out: Temporal.ZonedDateTime[] = [];
  let at = FROM.toZonedDateTimeISO(zone);
  for (;;) {
    const next = at.getTimeZoneTransition("next");
    if (!next || Temporal.Instant.compare(next.toInstant(), UNTIL) >= 0) return out;
    out.push(next);
    at = next;
  }
}

describe("local time → instant, against Temporal", () => {
  it("reproduces the reported case: effective from 2026-09-27 in Pacific/Auckland is 12:00Z, not 11:00Z", () => {
    const compiled = compilePolicy('policy "NZ" for returns\n  currency NZD\n  timezone "Pacific/Auckland"\n  effective from 2026-09-27\n\notherwise\n  deny "No."\n');
    expect(compiled.value?.versions[0]!.effectiveFrom).toBe("2026-09-26T12:00:00.000Z");
  });

  it("agrees on the midnights around every transition, and on readings in every gap and overlap, in every zone", () => {
    let checked = 0;
    const wrong: string[] = [];
    for (const zone of ZONES) {
      for (const t of transitions(zone)) {
        const day = t.toPlainDate();
        const readings: Temporal.PlainDateTime[] = [];
        for (const d of [-1, 0, 1]) readings.push(day.add({ days: d }).toPlainDateTime({ hour: 0 }));
        // The wall-clock readings just before and after the change, by the old offset and the new one:
        // in a gap some never happen, in an overlap some happen twice.
        const before = t.subtract({ nanoseconds: 1 });
        for (const zoned of [before, t]) {
          for (const minutes of [-90, -30, -1, 0, 1, 30, 90]) readings.push(zoned.toPlainDateTime().add({ minutes }).round({ smallestUnit: "second", roundingMode: "floor" }));
        }
        for (const p of readings) {
          checked++;
          const want = truth(p, zone);
          const got = ours(p, zone);
          if (got !== want) wrong.push(`${zone} ${p}: got ${new Date(got).toISOString()}, Temporal ${new Date(want).toISOString()}`);
        }
      }
    }
    expect(wrong.slice(0, 20)).toEqual([]);
    expect(checked).toBeGreaterThan(50_000);
  });

  it("agrees on random readings in random zones, and the instant reads back as the reading when it exists", () => {
    fc.assert(fc.property(
      fc.constantFrom(...ZONES),
      fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-12-31T23:59:59Z"), noInvalidDate: true }),
      (zone, date) => {
        const p = Temporal.PlainDateTime.from({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds() });
        const got = ours(p, zone);
        expect(got).toBe(truth(p, zone));
        // A reading in a gap never happens; every other one must read back as itself.
        const exists = p.toZonedDateTime(zone, { disambiguation: "compatible" }).toPlainDateTime().equals(p);
        if (exists) {
          const back = localParts(got, zone);
          expect([back.year, back.month, back.day, back.hour, back.minute, back.second]).toEqual([p.year, p.month, p.day, p.hour, p.minute, p.second]);
        }
      },
    ), { numRuns: 3000, seed: 20261201 });
  });

  // localParts remembers each zone's offset per UTC day (Intl is slow): exact on the instants around
  // every transition of the decade, and on random instants of two centuries (LMT offsets with seconds
  // included), against Temporal.
  it("reads an instant's local wall clock as Temporal does: around every transition, and at random from 1900 to 2100", () => {
    const wrong: string[] = [];
    const check = (ms: number, zone: string) => {
      const want = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
      const got = localParts(ms, zone);
      const a = [got.year, got.month, got.day, got.hour, got.minute, got.second];
      const b = [want.year, want.month, want.day, want.hour, want.minute, want.second];
      if (a.join() !== b.join()) wrong.push(`${zone} ${new Date(ms).toISOString()}: got ${a.join()}, Temporal ${b.join()}`);
    };
    let checked = 0;
    for (const zone of ZONES) {
      for (const t of transitions(zone)) {
        const at = t.epochMilliseconds;
        for (const delta of [-86_400_000, -3_600_001, -1000, -1, 0, 1, 999, 3_600_000, 86_399_999]) {
          check(at + delta, zone);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20_000);
    fc.assert(fc.property(
      fc.constantFrom(...ZONES),
      fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2100-12-31T23:59:59Z"), noInvalidDate: true }),
      (zone, date) => check(date.getTime(), zone),
    ), { numRuns: 5000, seed: 20261202 });
    expect(wrong.slice(0, 20)).toEqual([]);
  });

  it("reads timestamps digit by digit exactly as Date.parse with the written date checked does, valid or not", () => {
    const two = (n: number) => String(n).padStart(2, "0");
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 19 }), fc.integer({ min: 0, max: 39 }), fc.integer({ min: 0, max: 29 }), fc.integer({ min: 0, max: 69 }),
      fc.option(fc.integer({ min: 0, max: 69 })), fc.option(fc.stringMatching(/^[0-9]{1,9}$/)),
      fc.constantFrom("Z", "+00:00", "-05:00", "+05:45", "+14:00", "-23:59", "+24:00", "+05:60", "-00:30"),
      (y, month, day, hour, minute, second, fraction, offset) => {
        const text = `${String(y).padStart(4, "0")}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}${second === null ? "" : `:${two(second)}${fraction === null ? "" : `.${fraction}`}`}${offset}`;
        expect(parseInstant(text) ?? null).toBe(parseCarefully(text));
      },
    ), { numRuns: 20_000, seed: 20261205 });
  });

  it("refuses what is not the pattern's shape as the pattern itself does: characters changed, added or dropped anywhere", () => {
    const alphabet = "0123456789-+:.TZtz ";
    fc.assert(fc.property(
      fc.constantFrom("2026-03-10T15:00:00Z", "2026-03-10T15:00Z", "2024-02-29T23:59:59.123456789+05:45", "1999-12-31T00:00:00.5-00:30"),
      fc.array(fc.tuple(fc.constantFrom("replace", "insert", "delete"), fc.nat(), fc.constantFrom(...alphabet)), { minLength: 1, maxLength: 3 }),
      (valid, edits) => {
        let text: string = valid;
        for (const [kind, at, char] of edits) {
          const i = at % (text.length + 1);
          text = kind === "insert" ? text.slice(0, i) + char + text.slice(i) : kind === "delete" ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + char + text.slice(i + 1);
        }
        // parseCarefully is the pattern (a regular expression) and Date.parse: the independent truth.
        expect(parseInstant(text) ?? null).toBe(parseCarefully(text));
      },
    ), { numRuns: 20_000, seed: 20261206 });
  });

  it("reads every timestamp of an event, in its slot, as reading each path on its own does", () => {
    const seeds = CORPUS_SUITES.map((suite) => corpusEvent(suite));
    const truth = (event: Record<string, unknown>) => EVENT_TIMESTAMPS.map((path) => {
      const text = readPath(event, path);
      return text === undefined ? undefined : parseInstant(text) ?? null;
    });
    fc.assert(fc.property(eventsFrom(seeds), fc.constantFrom(...EVENT_TIMESTAMPS), fc.constantFrom<unknown>("2026-02-30T00:00:00Z", "not a date", 12, null, undefined, "2026-03-10T15:00:00+01:00"), (event, path, value) => {
      const e = structuredClone(event) as Record<string, any>;
      // One timestamp set to something odd, where its section exists.
      const segments = path.split(".");
      const parent = segments.slice(0, -1).reduce<any>((o, k) => (o && typeof o === "object" ? o[k] : undefined), e);
      if (parent && typeof parent === "object") parent[segments[segments.length - 1]!] = value;
      expect(readInstants(e)).toEqual(truth(e));
    }), { numRuns: 2000, seed: 20261207 });
  });

  it("counts days from 1970 as Date.UTC does, across the years an event can name", () => {
    fc.assert(fc.property(fc.integer({ min: 100, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (year, month, day) => {
      expect(daysFromCivil(year, month, day) * 86_400_000).toBe(Date.UTC(year, month - 1, day));
    }), { numRuns: 20_000, seed: 20261208 });
  });
});
