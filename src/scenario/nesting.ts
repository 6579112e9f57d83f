/**
 * Nesting depth of a text, found in one pass before any parser sees it, so that
 * `[[[[…]]]]` a hundred thousand deep is refused with its line instead of
 * overflowing a recursive parser's stack. Counts JSON/YAML flow brackets (`[`, `{`)
 * outside quoted strings, YAML block sequences opened on one line (`- - - x`), and
 * XML elements (`<a><b>…`).
 */

export interface DepthExcess {
  depth: number;
  line: number;
  column: number;
}

/** Where the nesting of JSON or YAML text first exceeds `max`, or undefined. */
export function flowDepthExcess(text: string, max: number): DepthExcess | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let quote = 0; // 0, or the char code of the open quote
  let atLineStart = true;
  let dashes = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) {
      line++;
      lineStart = k + 1;
      atLineStart = true;
      dashes = 0;
      if (quote === 39) continue; // single-quoted scalars may span lines
      continue;
    }
    if (quote !== 0) {
      if (quote === 34 && c === 92)
        k++; // backslash escape inside "…"
      else if (c === quote) quote = 0;
      continue;
    }
    if (atLineStart) {
      // `- - - x`: one block sequence per dash (indentation does the rest).
      if (c === 32 || c === 9) continue;
      if (c === 45 && (text.charCodeAt(k + 1) === 32 || text.charCodeAt(k + 1) === 9)) {
        if (++dashes > max) return { depth: dashes, line, column: k - lineStart + 1 };
        k++;
        continue;
      }
      atLineStart = false;
    }
    if (c === 34 || c === 39) {
      // A quote opens a string only where a value can start (not in `it's`).
      const prev = k > 0 ? text.charCodeAt(k - 1) : 32;
      if (
        prev === 32 ||
        prev === 9 ||
        prev === 10 ||
        prev === 91 ||
        prev === 123 ||
        prev === 44 ||
        prev === 58
      )
        quote = c;
      continue;
    }
    if (c === 35 && (k === 0 || text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 9)) {
      // A YAML comment runs to the end of the line.
      const end = text.indexOf("\n", k);
      k = (end < 0 ? text.length : end) - 1;
      continue;
    }
    if (c === 91 || c === 123) {
      if (++depth > max) return { depth, line, column: k - lineStart + 1 };
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return undefined;
}

/** Where the element nesting of XML text first exceeds `max`, or undefined. */
export function xmlDepthExcess(text: string, max: number): DepthExcess | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) {
      line++;
      lineStart = k + 1;
      continue;
    }
    if (c !== 60) continue; // '<'
    const next = text.charCodeAt(k + 1);
    if (next === 33 || next === 63) {
      // <!-- … -->, <![CDATA[ … ]]>, <!DOCTYPE …>, <? … ?>: skipped whole.
      const close = text.startsWith("<!--", k)
        ? "-->"
        : text.startsWith("<![CDATA[", k)
          ? "]]>"
          : ">";
      const end = text.indexOf(close, k + 2);
      const stop = end < 0 ? text.length : end + close.length;
      for (let j = k; j < stop; j++)
        if (text.charCodeAt(j) === 10) {
          line++;
          lineStart = j + 1;
        }
      k = stop - 1;
      continue;
    }
    if (next === 47) {
      if (depth > 0) depth--;
      continue;
    }
    const end = text.indexOf(">", k);
    if (end < 0) return undefined;
    if (text.charCodeAt(end - 1) !== 47 && ++depth > max)
      return { depth, line, column: k - lineStart + 1 };
  }
  return undefined;
}
