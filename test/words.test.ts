// A decision in words: each wording against a hand-written expectation, and the zone and locale of
// dates and times against Temporal's reading of the same instant.
import { Temporal } from "@js-temporal/polyfill";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY, HOUR, MINUTE, actionInWords, dateInWords, durationInWords, instantInWords, itemInWords, limitInWords, listInWords, methodInWords, monthDayInWords } from "../runtime/index.js";

describe("words", () => {
  it("says durations in days and hours (minutes only within a day)", () => {
    expect(durationInWords(9 * DAY + 21 * HOUR)).toBe("9 days 21 hours");
    expect(durationInWords(30 * DAY)).toBe("30 days");
    expect(durationInWords(DAY + 5 * MINUTE)).toBe("1 day");
    expect(durationInWords(2 * HOUR + 5 * MINUTE)).toBe("2 hours 5 minutes");
    expect(durationInWords(45_000)).toBe("45 seconds");
    expect(durationInWords(0)).toBe("0 minutes");
    expect(durationInWords(-2 * DAY)).toBe("−2 days");
  });

  it("puts the days and hours back together: what it says adds up to the duration (to the hour beyond a day)", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 400 * DAY }), (ms) => {
      const said = durationInWords(ms);
      const part = (unit: string) => Number(new RegExp(`(\\d+) ${unit}s?\\b`).exec(said)?.[1] ?? 0);
      const total = part("day") * DAY + part("hour") * HOUR + part("minute") * MINUTE + part("second") * 1000;
      const precision = ms >= DAY ? HOUR : ms >= MINUTE ? MINUTE : 1000;
      expect(ms - total).toBeGreaterThanOrEqual(-500);
      expect(ms - total).toBeLessThan(precision);
    }), { numRuns: 300 });
  });

  it("writes instants in the policy's zone, the same day and hour Temporal gives", () => {
    fc.assert(fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) }), fc.constantFrom("America/New_York", "Pacific/Auckland", "Asia/Kolkata", "UTC"), (ms, zone) => {
      const local = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
      // ICU versions differ in the space before AM/PM (narrow no-break or plain).
      const said = instantInWords(ms, { timezone: zone, locale: "en-US" }).replace(/[\u202f\u00a0]/g, " ");
      const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][local.month - 1]!;
      const hour12 = local.hour % 12 === 0 ? 12 : local.hour % 12;
      expect(said).toBe(`${month} ${local.day}, ${local.year}, ${hour12}:${String(local.minute).padStart(2, "0")} ${local.hour < 12 ? "AM" : "PM"}`);
    }), { numRuns: 200 });
  });

  it("writes local dates and days of the year, in the policy's locale", () => {
    expect(dateInWords(20251220, { timezone: "UTC", locale: "en-US" })).toBe("Dec 20, 2025");
    expect(monthDayInWords(331, { timezone: "UTC", locale: "en-US" })).toBe("Mar 31");
    expect(monthDayInWords(1101, { timezone: "UTC", locale: "fr-FR" })).toBe("1 nov.");
  });

  it("says lists, actions, methods, limits and items as a person would", () => {
    expect(listInWords(["damaged"])).toBe("damaged");
    expect(listInWords(["damaged", "defective"])).toBe("damaged or defective");
    expect(listInWords(["a", "b", "c"], "and")).toBe("a, b and c");
    expect(actionInWords("intercept_shipment")).toBe("intercept the parcel");
    expect(actionInWords("some_new_action")).toBe("some new action");
    expect(methodInWords("store_credit")).toBe("as store credit");
    expect(methodInWords(null)).toBe("nothing refunded");
    expect(limitInWords("refundable")).toBe("lowered to what was paid for it and is not yet refunded");
    expect(limitInWords(undefined)).toBeUndefined();
    expect(itemInWords("L1", { sku: "SPK-BT-GO" })).toBe("L1 (SPK-BT-GO)");
    expect(itemInWords("L1", { sku: "SPK", name: "Speaker" })).toBe("L1 (Speaker)");
    expect(itemInWords("L1")).toBe("L1");
  });
});
