/**
 * What differs between two results (a stored run and its re-run): every leaf that
 * is not the same value, by path, compared exactly (numbers bit for bit, NaN equal to
 * NaN); keys present in one only are reported as missing. Used by `rerun`, which
 * says `reproduced: true` only when nothing differs.
 */
export interface Difference {
  /** Where, e.g. `runs[1].issues[3].forecast` or `analyses.tornado`. */
  path: string;
  /** The stored value (a summary for objects and arrays); undefined when missing. */
  original?: unknown;
  rerun?: unknown;
}

export interface ResultDiff {
  /** Leaves that differ (all of them are counted). */
  count: number;
  /** The first differences, in document order. */
  differences: Difference[];
}

/** Differences listed at most (all are counted). */
export const MAX_LISTED_DIFFERENCES = 50;

function summary(value: unknown): unknown {
  if (Array.isArray(value)) return `[array of ${value.length}]`;
  if (value !== null && typeof value === "object")
    return `{object with ${Object.keys(value).length} keys}`;
  if (typeof value === "string" && value.length > 200) return `${value.slice(0, 200)}…`;
  return value;
}

function ignored(path: string, patterns: string[]): boolean {
  const generic = path.replace(/\[\d+\]/g, "[]");
  return patterns.includes(generic);
}

/** Stands for a key that one side does not have. */
const MISSING = Symbol("missing");

export function diffResults(original: unknown, rerun: unknown, ignore: string[] = []): ResultDiff {
  const out: ResultDiff = { count: 0, differences: [] };
  const report = (path: string, a: unknown, b: unknown) => {
    out.count++;
    if (out.differences.length < MAX_LISTED_DIFFERENCES)
      out.differences.push({
        path: path || "(the whole result)",
        ...(a !== undefined ? { original: summary(a) } : {}),
        ...(b !== undefined ? { rerun: summary(b) } : {}),
      });
  };
  // Iterative walk: results can be deep and large.
  const stack: [string, unknown, unknown][] = [["", original, rerun]];
  while (stack.length > 0) {
    const [path, a, b] = stack.pop()!;
    if (ignored(path, ignore)) continue;
    if (Object.is(a, b)) continue;
    const arrays = Array.isArray(a) && Array.isArray(b);
    const objects =
      !arrays &&
      a !== null &&
      b !== null &&
      typeof a === "object" &&
      typeof b === "object" &&
      !Array.isArray(a) &&
      !Array.isArray(b);
    if (arrays) {
      const n = Math.max(a.length, b.length);
      for (let i = n - 1; i >= 0; i--) stack.push([`${path}[${i}]`, a[i], b[i]]);
      continue;
    }
    if (objects) {
      const ao = a as Record<string, unknown>;
      const bo = b as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])];
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        const child = path ? `${path}.${k}` : k;
        const inA = Object.prototype.hasOwnProperty.call(ao, k);
        const inB = Object.prototype.hasOwnProperty.call(bo, k);
        stack.push([child, inA ? ao[k] : MISSING, inB ? bo[k] : MISSING]);
      }
      continue;
    }
    report(path, a === MISSING ? undefined : a, b === MISSING ? undefined : b);
  }
  return out;
}
