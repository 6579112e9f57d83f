/**
 * Reading numbers typed by people into text formats (CSV, decide, KTAB, DEU tables).
 *
 * `Number(text)` accepts far more than a stakeholder table means: `0x10` (16), `1e3`
 * written as `Infinity`, `0b11`, `  ` (0) and `""` (0). Importers read every cell with
 * {@link readDecimal} instead, which accepts only plain decimal notation (an optional
 * sign, digits with an optional fraction, an optional exponent) and, where the file
 * uses a semicolon as its separator (Excel in most European locales), a decimal comma.
 */

/** Plain decimal notation: `-12`, `0.5`, `.5`, `5.`, `1e-3`, `+2.5E4`. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** The same with a decimal comma: `0,5`, `-12,25`. */
const DECIMAL_COMMA = /^[+-]?(?:\d+(?:,\d*)?|,\d+)(?:[eE][+-]?\d+)?$/;

export interface ReadDecimalOptions {
  /** Accept a decimal comma (`0,5`) as well as a decimal point. */
  decimalComma?: boolean;
}

/**
 * The number a cell holds, or `undefined` when the cell is not a plain decimal number
 * (empty, hexadecimal, `NaN`, `Infinity`, words). A finite result is guaranteed: a
 * literal too large for a double (`1e400`) is `undefined` too, so callers report it.
 */
export function readDecimal(text: string, options: ReadDecimalOptions = {}): number | undefined {
  const t = text.trim();
  if (t.length === 0 || t.length > 64) return undefined;
  let normalised = t;
  if (!DECIMAL.test(t)) {
    if (!options.decimalComma || !DECIMAL_COMMA.test(t)) return undefined;
    normalised = t.replace(",", ".");
  }
  const x = Number(normalised);
  return Number.isFinite(x) ? x : undefined;
}
