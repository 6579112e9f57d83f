/**
 * Number and name formatting for people: decimals chosen from the issue's scale,
 * differences that never read "−0.0", and actors and issues by name (ids stay in
 * JSON and CSV, where programs read them).
 */

/** Fixed decimals, "–" for no value. */
export function formatNumber(x: number | null | undefined, decimals = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  const text = x.toFixed(decimals);
  // -0.0 reads as a fall that did not happen.
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/**
 * Decimals that resolve about a thousandth of a scale's width: 0–100 → 1,
 * 0–10 or 0–4 → 2, 0–1 → 3, 0–1000 → 0 (never more than 4).
 */
export function decimalsForScale(low: number, high: number): number {
  const width = Math.abs(high - low);
  if (!Number.isFinite(width) || width === 0) return 1;
  return Math.min(4, Math.max(0, 3 - Math.ceil(Math.log10(width) - 1e-9)));
}

/** Tolerance below which a difference is no difference (floating-point noise). */
const ZERO = 1e-9;

/**
 * A signed difference ("+4.2", "−0.3"): one that rounds to zero at `decimals` is
 * shown with up to two more digits, and as "±0" if it still rounds to zero.
 */
export function formatDifference(x: number | null | undefined, decimals = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "–";
  if (Math.abs(x) < ZERO) return "±0";
  for (let d = decimals; d <= decimals + 2; d++) {
    const text = Math.abs(x).toFixed(d);
    if (Number(text) !== 0) return `${x > 0 ? "+" : "−"}${text}`;
  }
  return "±0";
}

/** Widths of short names (table cells, chart labels): actors, issues. */
export const SHORT_NAME_WIDTH = 24;
export const SHORT_ISSUE_WIDTH = 28;

/** Words that join a name's head to the rest: cut before one, the head reads whole. */
const JOINING_WORDS = new Set([
  "and",
  "the",
  "of",
  "in",
  "on",
  "over",
  "for",
  "to",
  "with",
  "from",
  "by",
  "after",
  "at",
  "a",
  "an",
  "&",
  "-",
  "–",
]);

/**
 * The short form of a name, for table cells and chart labels: a parenthetical part
 * is dropped; a name that still exceeds `width` characters is cut at the last word
 * that fits, without a trailing "and", "the", "of" …. Cut before such a joining word
 * the head reads whole ("Donald Trump and the incoming administration" → "Donald
 * Trump"); cut elsewhere it ends in "…". A first word alone too long is cut mid-word.
 */
export function shortenName(name: string, width = SHORT_NAME_WIDTH): string {
  const plain = name
    .replace(/\s*\([^)]*\)/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const text = plain.length > 0 ? plain : name.trim();
  if (text.length <= width) return text;
  const words = text.split(" ");
  const kept: string[] = [];
  for (const w of words) {
    if ([...kept, w].join(" ").length > width - 1) break;
    kept.push(w);
  }
  while (kept.length > 0 && JOINING_WORDS.has(kept[kept.length - 1].toLowerCase())) kept.pop();
  const cut = kept.join(" ").replace(/[,;:–—-]+$/, "");
  if (cut.length === 0) return `${text.slice(0, width - 1)}…`;
  const next = words[kept.length]?.toLowerCase();
  return next !== undefined && JOINING_WORDS.has(next) && !/[,;:]$/.test(kept.join(" "))
    ? cut
    : `${cut}…`;
}

export interface Named {
  id: string;
  name: string;
}

/**
 * Names for people, from a scenario's actors or issues. `name(id)` is the full name
 * (prose: explain, advise); `short(id)` is the short form (`shortenName`) for table
 * cells and chart labels — and the id itself where two short forms would read the
 * same. An unknown id is shown as it is.
 */
export interface Names {
  name(id: string): string;
  short(id: string): string;
}

export function namesOf(items: readonly Named[], width = SHORT_NAME_WIDTH): Names {
  const full = new Map(items.map((i) => [i.id, i.name]));
  const shorts = new Map(items.map((i) => [i.id, shortenName(i.name, width)]));
  const count = new Map<string, number>();
  for (const s of shorts.values()) count.set(s, (count.get(s) ?? 0) + 1);
  return {
    name: (id) => full.get(id) ?? id,
    short: (id) => {
      const s = shorts.get(id);
      return s === undefined || (count.get(s) ?? 0) > 1 ? id : s;
    },
  };
}

/** "Donald Trump's", "Congressional Democrats'". */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

/** Actors', issues' names and each issue's decimals, for everything a report prints. */
export interface ScenarioLabels {
  actors: Names;
  issues: Names;
  /** Decimals for figures on this issue's scale (`decimalsForScale`). */
  decimals(issue: string): number;
}

export function scenarioLabels(scenario: {
  actors: readonly Named[];
  issues: readonly (Named & { scale: { low: number; high: number } })[];
}): ScenarioLabels {
  const decimals = new Map(
    scenario.issues.map((i) => [i.id, decimalsForScale(i.scale.low, i.scale.high)]),
  );
  return {
    actors: namesOf(scenario.actors),
    issues: namesOf(scenario.issues, SHORT_ISSUE_WIDTH),
    decimals: (issue) => decimals.get(issue) ?? 1,
  };
}
