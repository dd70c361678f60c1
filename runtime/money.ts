// Money is integer minor units of an ISO 4217 currency. Nothing here uses floating point for amounts.

/** ISO 4217 currencies whose minor unit is not 2 digits. Every other listed code has 2. */
const EXPONENT_EXCEPTIONS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Active ISO 4217 codes (2024 list, funds codes included). */
const CURRENCY_CODES = new Set(
  ("AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD " +
    "CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL " +
    "GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD " +
    "KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO " +
    "NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD " +
    "SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV " +
    "WST XAF XCD XOF XPF YER ZAR ZMW ZWG").split(" "),
);

export function isCurrency(code: string): boolean {
  return CURRENCY_CODES.has(code);
}

/** Digits of the minor unit: 2 for USD, 0 for JPY, 3 for KWD. */
export function currencyExponent(code: string): number {
  return EXPONENT_EXCEPTIONS[code] ?? 2;
}

/**
 * Converts a decimal written in major units ("6.95") to minor units (695), exactly.
 * Returns undefined when the text has more decimals than the currency allows.
 */
export function toMinorUnits(decimal: string, currency: string): number | undefined {
  const exponent = currencyExponent(currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(decimal);
  if (!match) return undefined;
  const fraction = match[2] ?? "";
  if (fraction.length > exponent) return undefined;
  const minor = BigInt(match[1]! + fraction.padEnd(exponent, "0"));
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : undefined;
}

/** Percentages are kept in basis points (1% = 100 bp) so 12.5% stays an integer. */
export const BASIS_POINTS_PER_WHOLE = 10_000;

/**
 * `bp` basis points of `amount`, rounded half away from zero to the minor unit (which is half-up
 * for the non-negative amounts a refund reaches). Computed in BigInt so large amounts stay exact.
 */
export function percentOf(amount: number, bp: number, mode: Rounding = "half-up"): number {
  return divideRounded(BigInt(amount) * BigInt(bp), BigInt(BASIS_POINTS_PER_WHOLE), mode);
}

/**
 * How a quotient becomes a whole number of minor units: `half-up` (the default: half away from zero,
 * which is half-up for the non-negative amounts a refund reaches), `up` (away from zero: any part
 * counts), `down` (toward zero: parts are dropped).
 */
export type Rounding = "half-up" | "up" | "down";

/** `numerator / denominator` rounded as `mode` says; denominator must not be zero. */
export function divideRounded(numerator: bigint, denominator: bigint, mode: Rounding = "half-up"): number {
  if (denominator < 0n) return divideRounded(-numerator, -denominator, mode);
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  const rest = magnitude % denominator;
  if (mode === "half-up" ? rest * 2n >= denominator : mode === "up" ? rest > 0n : false) quotient += 1n;
  return Number(negative ? -quotient : quotient);
}

/** `amount` rounded as `mode` says to a whole multiple of `unit` (positive). */
export function roundToMultiple(amount: number, unit: number, mode: Rounding): number {
  return divideRounded(BigInt(amount), BigInt(unit), mode) * unit;
}

const moneyFormats = new Map<string, Intl.NumberFormat | null>();

/** One formatter per locale and currency: building an Intl.NumberFormat costs far more than using it. */
function moneyFormat(locale: string, currency: string, exponent: number): Intl.NumberFormat | null {
  const key = `${locale}|${currency}`;
  let format = moneyFormats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent });
    } catch {
      format = null;
    }
    moneyFormats.set(key, format);
  }
  return format;
}

/**
 * A formatter of minor units in one currency and locale, its output remembered per amount (a decision
 * formats its total several times: the card, each message). One per currency and locale, kept.
 */
const moneyFormatters = new Map<string, (minor: number) => string>();

export function moneyFormatter(currency: string, locale: string): (minor: number) => string {
  const key = `${locale}|${currency}`;
  let format = moneyFormatters.get(key);
  if (!format) {
    const known = new Map<number, string>();
    format = (minor) => {
      const hit = known.get(minor);
      if (hit !== undefined) return hit;
      if (known.size >= 10_000) known.clear();
      const text = formatMoneyUncached(minor, currency, locale);
      known.set(minor, text);
      return text;
    };
    moneyFormatters.set(key, format);
  }
  return format;
}

/** Formats minor units for people, in the policy's locale, without going through a float. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  return moneyFormatter(currency, locale)(minor);
}

function formatMoneyUncached(minor: number, currency: string, locale: string): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, "0");
  const decimal = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  const format = moneyFormat(locale, currency, exponent);
  // Intl accepts a decimal string exactly (NumberFormat v3), so no float rounding creeps in.
  return format ? format.format(((negative ? "-" : "") + decimal) as unknown as number) : `${negative ? "-" : ""}${currency} ${decimal}`;
}
