/**
 * The two arithmetics the exchange model can run in. Every formula is written once,
 * against `Num` (the operations it needs), and evaluated in one of:
 *
 * - `decimal` (default, faithful): Python's `decimal` default context, 28 significant
 *   digits, half-even (decimal.ts). Reproduces decide-exchange-model's runs exactly.
 * - `double` (fast): IEEE doubles, the same formulas in the same order, the thresholds
 *   as doubles. Five to ten times faster, but it does NOT reproduce the references
 *   beyond round 1's candidates (to about 1e-9) and small tie-free cases: the model is
 *   chaotic in its discrete choices (validity tests, ties; exchange-model.md §2, §9), and
 *   the spec found a double port leaving the reference's exchange sequence within a
 *   round or a few, with voting outcomes then off by up to 12 points (0–100 scale).
 *   Ties are exact equality of gains here (the 1e-20 tie threshold is below a double's
 *   resolution for gains of ordinary size).
 */
import { Dec, exactDecimal } from "./decimal.js";

/** The operations the model's formulas use (decimal.js's names). */
export interface Num {
  plus(o: Num): Num;
  minus(o: Num): Num;
  times(o: Num): Num;
  div(o: Num): Num;
  abs(): Num;
  neg(): Num;
  gt(o: Num): boolean;
  gte(o: Num): boolean;
  lt(o: Num): boolean;
  lte(o: Num): boolean;
  eq(o: Num): boolean;
  cmp(o: Num): number;
  isZero(): boolean;
  toString(): string;
}

export interface Arithmetic {
  name: "decimal" | "double";
  zero: Num;
  one: Num;
  hundred: Num;
  /** 1e-10: the smallest valid move and gain (F14, §5.5). */
  epsMove: Num;
  /** 1e-20: gains closer than this tie (§5.9). */
  epsTie: Num;
  /** 0.4 and 0.1 of the preference update (F20, Q12). */
  salienceWeight: Num;
  fixedWeight: Num;
  /** A number from the scenario (a typed decimal, read as its shortest text). */
  fromInput(x: number): Num;
  /** A binary double as it is (the random draws; exact in decimal). */
  fromDouble(x: number): Num;
  /** A number written by `toString`. */
  fromText(text: string): Num;
}

/** decimal.js's methods take any decimal.js value; the model only ever passes decimals. */
const num = (x: Dec): Num => x as unknown as Num;

export const DECIMAL_ARITHMETIC: Arithmetic = {
  name: "decimal",
  zero: num(new Dec(0)),
  one: num(new Dec(1)),
  hundred: num(new Dec(100)),
  epsMove: num(exactDecimal(1e-10)),
  epsTie: num(exactDecimal(1e-20)),
  salienceWeight: num(exactDecimal(0.4)),
  fixedWeight: num(exactDecimal(0.1)),
  fromInput: (x) => num(new Dec(String(x))),
  fromDouble: (x) => num(exactDecimal(x)),
  fromText: (t) => num(new Dec(t)),
};

/** A double with decimal.js's method names (the `double` arithmetic). */
export class Float implements Num {
  constructor(readonly v: number) {}
  plus(o: Num): Float {
    return new Float(this.v + (o as Float).v);
  }
  minus(o: Num): Float {
    return new Float(this.v - (o as Float).v);
  }
  times(o: Num): Float {
    return new Float(this.v * (o as Float).v);
  }
  div(o: Num): Float {
    return new Float(this.v / (o as Float).v);
  }
  abs(): Float {
    return this.v < 0 ? new Float(-this.v) : this;
  }
  neg(): Float {
    return new Float(-this.v);
  }
  gt(o: Num): boolean {
    return this.v > (o as Float).v;
  }
  gte(o: Num): boolean {
    return this.v >= (o as Float).v;
  }
  lt(o: Num): boolean {
    return this.v < (o as Float).v;
  }
  lte(o: Num): boolean {
    return this.v <= (o as Float).v;
  }
  eq(o: Num): boolean {
    return this.v === (o as Float).v;
  }
  cmp(o: Num): number {
    const w = (o as Float).v;
    return this.v > w ? 1 : this.v < w ? -1 : 0;
  }
  isZero(): boolean {
    return this.v === 0;
  }
  toString(): string {
    return String(this.v);
  }
}

export const DOUBLE_ARITHMETIC: Arithmetic = {
  name: "double",
  zero: new Float(0),
  one: new Float(1),
  hundred: new Float(100),
  epsMove: new Float(1e-10),
  epsTie: new Float(1e-20),
  salienceWeight: new Float(0.4),
  fixedWeight: new Float(0.1),
  fromInput: (x) => new Float(x),
  fromDouble: (x) => new Float(x),
  fromText: (t) => new Float(Number(t)),
};
