/**
 * The exchange model's arithmetic (exchange-model.md §2): Python's `decimal` default
 * context, which decide-exchange-model computes in — 28 significant digits, every
 * `+ − × ÷` rounded half-even. `abs`, negation and comparisons are exact, and a decimal
 * built from text keeps all its digits (decimal.js behaves the same).
 *
 * Binary doubles (the random draws, the constants 0.4 and 0.1 of the preference
 * update, the thresholds) enter as their *exact* decimal expansion, as Python's
 * `Decimal(float)` and its exact float/Decimal comparisons do; decimal.js's
 * `new Decimal(number)` would take the shortest printed form instead.
 */
import { Decimal } from "decimal.js";

/** Decimal numbers in the reference program's context. */
export const Dec = Decimal.clone({
  precision: 28,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -30,
  toExpPos: 30,
});
export type Dec = Decimal;

/** The exact decimal expansion of a double (mantissa × 2^exponent written out). */
export function exactDecimalString(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  if (x === 0) return "0";
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const sign = hi >>> 31 ? "-" : "";
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exponent: number;
  if (biased === 0) exponent = -1074;
  else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  if (exponent >= 0) return sign + (mantissa << BigInt(exponent)).toString();
  // mantissa / 2^k = mantissa × 5^k / 10^k
  const k = -exponent;
  const digits = (mantissa * 5n ** BigInt(k)).toString().padStart(k + 1, "0");
  const whole = digits.slice(0, digits.length - k);
  const fraction = digits.slice(digits.length - k).replace(/0+$/, "");
  return sign + whole + (fraction.length > 0 ? "." + fraction : "");
}

/** A double as the decimal of its exact binary value (Python's `Decimal(float)`). */
export function exactDecimal(x: number): Dec {
  return new Dec(exactDecimalString(x));
}
