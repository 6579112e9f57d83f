/**
 * What each file format can hold of a scenario, and what a conversion to it would
 * drop or change. `entente convert` prints every loss (and refuses with `--strict`);
 * `entente convert --help` prints the table.
 *
 * The losses are computed from the scenario at hand: a field is named only when the
 * scenario has it and the format cannot carry it back exactly (a rationale that is
 * there, a scale other than 0–100 for KTAB, a salience whose 0–1 form does not read
 * back to the same number, …).
 */
import type { Scenario } from "./schema.js";
import { uniqueIds } from "./ids.js";
import { InputError } from "./problems.js";
import { KTAB_LIMITS } from "./import/ktab.js";
import { isTableRule, numberRepeats } from "./import/scenario-table.js";

/** The fields a format may or may not hold (dotted paths into the scenario). */
export const SCENARIO_FIELDS = [
  "metadata.title",
  "metadata.description",
  "metadata.asOf",
  "metadata.sources",
  "metadata.notes",
  "actors.id",
  "actors.description",
  "actors.capabilityUncertainty",
  "actors without a stance",
  "issues",
  "issues.id",
  "issues.name",
  "issues.description",
  "issues.scale",
  "issues.referencePoint",
  "issues.anchors",
  "issues.rule",
  "stances.position",
  "stances.salience",
  "stances.rationale",
  "stances.uncertainty",
  "stances.capability",
  "missing stances",
  "defaultRule",
  "uncertainty",
  "whatIfs",
  "order",
  "$schema",
] as const;
export type ScenarioField = (typeof SCENARIO_FIELDS)[number];

export interface FormatCapability {
  read: boolean;
  write: boolean;
  /** Fields the format holds exactly; the others are named when a scenario has them. */
  holds: readonly ScenarioField[] | "all";
  summary: string;
}

const ALL = "all" as const;

/** The capability table (README "Formats" and `entente convert --help`). */
export const FORMAT_CAPABILITIES = {
  yaml: { read: true, write: true, holds: ALL, summary: "everything (the native format)" },
  json: { read: true, write: true, holds: ALL, summary: "everything (the native format)" },
  xlsx: {
    read: true,
    write: true,
    holds: ALL,
    summary: "everything (sheets scenario, actors, issues, stances; rules and what-ifs as JSON)",
  },
  "scenario-csv": {
    read: true,
    write: true,
    holds: [
      "actors.id",
      "issues",
      "issues.id",
      "issues.name",
      "issues.scale",
      "issues.referencePoint",
      "stances.position",
      "stances.salience",
      "stances.rationale",
      "missing stances",
    ],
    summary: "ids, names, capabilities, positions, saliences, rationales, scales, reference points",
  },
  "stakeholder-csv": {
    read: true,
    write: true,
    holds: ["stances.position", "stances.salience"],
    summary: "one issue: names, capabilities, positions, saliences (0–1)",
  },
  "ktab-csv": {
    read: true,
    write: true,
    holds: [
      "metadata.title",
      "metadata.description",
      "actors.description",
      "issues",
      "issues.name",
    ],
    summary:
      "names, descriptions, capabilities, positions and saliences on 0–100 (an actor's saliences sum to at most 100)",
  },
  "ktab-xml": {
    read: true,
    write: false,
    holds: [],
    summary: "read only (with KTAB's model parameters)",
  },
  decide: {
    read: true,
    write: true,
    holds: [
      "metadata.title",
      "actors.id",
      "issues",
      "issues.id",
      "issues.name",
      "issues.scale",
      "issues.referencePoint",
      "issues.anchors",
      "stances.position",
      "stances.capability",
      "missing stances",
      "order",
    ],
    summary:
      "ids, names, power per stance, positions, saliences (0–1), scales and labelled points, reference points (as #/ records)",
  },
} as const satisfies Record<string, FormatCapability>;

export interface Loss {
  field: ScenarioField;
  message: string;
}

const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
/** Salience written on 0–1 and read back on 0–100 as the 0–1 formats do. */
const viaShare = (s: number) => Number((Number((s / 100).toPrecision(12)) * 100).toPrecision(12));

function list(items: string[], max = 5): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/**
 * What writing `scenario` as `format` would drop or change, each loss naming the
 * field and where. Throws an `InputError` when the format cannot hold the scenario
 * at all (a KTAB CSV of two actors, a one-issue format without `issue`).
 */
export function conversionLosses(
  scenario: Scenario,
  format: keyof typeof FORMAT_CAPABILITIES,
  options: { issue?: string; file?: string } = {},
): Loss[] {
  const cap: FormatCapability = FORMAT_CAPABILITIES[format];
  if (cap.holds === "all") return [];
  const holds = new Set<ScenarioField>(cap.holds);
  const losses: Loss[] = [];
  const lose = (field: ScenarioField, message: string) => {
    if (!holds.has(field)) losses.push({ field, message });
  };
  const change = (field: ScenarioField, message: string) => losses.push({ field, message });
  const m = scenario.metadata;
  const file = options.file;
  const baseName = file ? (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]+$/, "") : undefined;
  if (format === "scenario-csv" || format === "stakeholder-csv") {
    if (m.title !== baseName)
      change("metadata.title", `the title '${m.title}' (the file name is read as the title)`);
  }
  if (m.description !== undefined) lose("metadata.description", "the scenario's description");
  if (m.asOf !== undefined) lose("metadata.asOf", `the knowledge date (asOf ${m.asOf})`);
  if (m.sources !== undefined) lose("metadata.sources", `${m.sources.length} source(s)`);
  if (m.notes !== undefined) lose("metadata.notes", "the scenario's notes");
  if (scenario.$schema !== undefined) lose("$schema", "the $schema reference");
  const described = scenario.actors.filter((a) => a.description !== undefined);
  if (described.length > 0)
    lose("actors.description", `descriptions of ${list(described.map((a) => a.id))}`);
  const cu = scenario.actors.filter((a) => a.capabilityUncertainty !== undefined);
  if (cu.length > 0)
    lose("actors.capabilityUncertainty", `capability ranges of ${list(cu.map((a) => a.id))}`);
  const issueDesc = scenario.issues.filter((i) => i.description !== undefined);
  if (issueDesc.length > 0)
    lose("issues.description", `descriptions of issues ${list(issueDesc.map((i) => i.id))}`);
  const rp = scenario.issues.filter((i) => i.referencePoint !== undefined);
  if (rp.length > 0)
    lose(
      "issues.referencePoint",
      `reference points of ${list(rp.map((i) => i.id))} (status-quo, nash and win-set need them)`,
    );
  const anchors = scenario.issues.filter((i) => i.anchors !== undefined);
  if (anchors.length > 0)
    lose("issues.anchors", `scale labels of ${list(anchors.map((i) => i.id))}`);
  const stanceActors = (issue: string) =>
    scenario.stances.filter((s) => s.issue === issue).map((s) => s.actor);
  const rules = scenario.issues.filter(
    (i) =>
      i.rule !== undefined &&
      !(format === "scenario-csv" && isTableRule(i.rule, stanceActors(i.id))),
  );
  if (rules.length > 0) lose("issues.rule", `decision rules of ${list(rules.map((i) => i.id))}`);
  if (scenario.defaultRule !== undefined) lose("defaultRule", "the default decision rule");
  if (scenario.uncertainty !== undefined) lose("uncertainty", "the scenario-wide noise");
  if (scenario.whatIfs !== undefined)
    lose(
      "whatIfs",
      `${scenario.whatIfs.length} what-if(s): ${list(scenario.whatIfs.map((w) => w.id))}`,
    );
  const rationales = scenario.stances.filter((s) => s.rationale !== undefined);
  if (rationales.length > 0) lose("stances.rationale", `${rationales.length} rationale(s)`);
  const own = scenario.stances.filter((s) => s.capability !== undefined);
  if (own.length > 0)
    lose(
      "stances.capability",
      `capabilities on single issues (written as the actor's) of ${list(own.map((s) => `${s.actor} on ${s.issue}`))}`,
    );
  const su = scenario.stances.filter((s) => s.uncertainty !== undefined);
  if (su.length > 0) lose("stances.uncertainty", `uncertainty of ${su.length} stance(s)`);
  const withStance = new Set(scenario.stances.map((s) => s.actor));
  const idle = scenario.actors.filter((a) => !withStance.has(a.id));

  switch (format) {
    case "scenario-csv": {
      const empty = scenario.issues.filter((i) => !scenario.stances.some((s) => s.issue === i.id));
      if (empty.length > 0)
        change("issues", `issues without any stance: ${list(empty.map((i) => i.id))}`);
      if (idle.length > 0)
        change(
          "actors without a stance",
          `actors without any stance: ${list(idle.map((a) => a.id))}`,
        );
      if (!inStanceOrder(scenario))
        change(
          "order",
          "the order of actors and issues (read back in the order of the stance rows)",
        );
      break;
    }
    case "decide": {
      const zero = scenario.stances.filter((s) => Number((s.salience / 100).toPrecision(12)) === 0);
      if (zero.length > 0)
        throw new InputError([
          {
            path: ["stances"],
            message: `the decide format cannot hold a salience of 0 (the exchange model divides by saliences, and decide files refuse it): ${list(zero.map((s) => `${s.actor} on ${s.issue}`))}; give those stances a small positive salience or leave them out`,
          },
        ]);
      if (idle.some((a) => a.capability !== 0))
        change(
          "actors without a stance",
          `capability of actors without any stance (read back as 0): ${list(idle.map((a) => a.id))}`,
        );
      const sal = scenario.stances.filter((s) => !same(viaShare(s.salience), s.salience));
      if (sal.length > 0)
        change(
          "stances.salience",
          `${sal.length} salience(s) not exact on 0–1 (rounded to 12 digits)`,
        );
      const recast = recastPowers(scenario);
      if (recast.length > 0)
        change(
          "stances.capability",
          `capabilities of ${list(recast)} (each #D row holds a power; read back as the actor's most common power, the rows that differ as the stance's own)`,
        );
      const unsorted = scenario.issues.filter(
        (i) => i.anchors && i.anchors.some((a, k) => k > 0 && a.value < i.anchors![k - 1].value),
      );
      if (unsorted.length > 0)
        change(
          "issues.anchors",
          `order of scale labels of ${list(unsorted.map((i) => i.id))} (written by value)`,
        );
      break;
    }
    case "stakeholder-csv": {
      const issue =
        options.issue ?? (scenario.issues.length === 1 ? scenario.issues[0].id : undefined);
      if (issue === undefined)
        throw new InputError([
          {
            path: ["issues"],
            message: `a stakeholder CSV holds one issue; the scenario has ${scenario.issues.length}: name one (--issue ID), or write a scenario CSV (--to scenario-csv) or .xlsx to keep them all`,
          },
        ]);
      const others = scenario.issues.filter((i) => i.id !== issue);
      if (others.length > 0)
        change("issues", `issues other than '${issue}': ${list(others.map((i) => i.id))}`);
      const on = scenario.stances.filter((s) => s.issue === issue);
      const names = on.map((s) => scenario.actors.find((a) => a.id === s.actor)!.name);
      const ids = on.map((s) => s.actor);
      const back = uniqueIds(numberRepeats(names));
      if (back.some((id, k) => id !== ids[k]))
        change("actors.id", "actor ids (made again from the names)");
      const without = scenario.actors.filter((a) => !on.some((s) => s.actor === a.id));
      if (without.length > 0)
        change(
          "actors without a stance",
          `actors without a stance on '${issue}': ${list(without.map((a) => a.id))}`,
        );
      const iss = scenario.issues.find((i) => i.id === issue)!;
      if (iss.id !== "issue")
        change("issues.id", `the issue id '${iss.id}' (read back as 'issue')`);
      if (iss.name !== "Issue") change("issues.name", `the issue name '${iss.name}'`);
      const inferred = inferScale(on.map((s) => s.position));
      if (inferred.low !== iss.scale.low || inferred.high !== iss.scale.high)
        change(
          "issues.scale",
          `the scale [${iss.scale.low}, ${iss.scale.high}] of '${iss.id}' (read back as [${inferred.low}, ${inferred.high}], from the positions)`,
        );
      const sal = on.filter((s) => !same(viaShare(s.salience), s.salience));
      if (sal.length > 0)
        change(
          "stances.salience",
          `${sal.length} salience(s) not exact on 0–1 (rounded to 12 digits)`,
        );
      if (m.description === undefined)
        change("metadata.description", "no description (read back with the table's standard one)");
      if (m.notes === undefined)
        change("metadata.notes", "no notes (read back with a note on the inferred scale)");
      break;
    }
    case "ktab-csv": {
      if (
        scenario.actors.length < KTAB_LIMITS.minActors ||
        scenario.actors.length > KTAB_LIMITS.maxActors
      )
        throw new InputError([
          {
            path: ["actors"],
            message: `KTAB's SMP takes ${KTAB_LIMITS.minActors} to ${KTAB_LIMITS.maxActors} actors; the scenario has ${scenario.actors.length}`,
          },
        ]);
      const big = scenario.actors.filter((a) => a.capability > KTAB_LIMITS.maxCapability);
      if (big.length > 0)
        throw new InputError([
          {
            path: ["actors"],
            message: `KTAB takes capabilities up to 1e8; ${list(big.map((a) => a.id))} exceed it: rescale every capability (only ratios matter)`,
          },
        ]);
      const actorIds = uniqueIds(scenario.actors.map((a) => a.name));
      if (actorIds.some((id, k) => id !== scenario.actors[k].id))
        change("actors.id", "actor ids (made again from the names)");
      const issueIds = uniqueIds(
        scenario.issues.map((i, k) => (/[A-Za-z0-9]/.test(i.name) ? i.name : `dimension ${k + 1}`)),
      );
      if (issueIds.some((id, k) => id !== scenario.issues[k].id))
        change("issues.id", "issue ids (made again from the names)");
      const rescaled = scenario.issues.filter((i) => i.scale.low !== 0 || i.scale.high !== 100);
      if (rescaled.length > 0)
        change(
          "issues.scale",
          `scales other than 0–100, mapped to 0–100 with their positions: ${list(rescaled.map((i) => `${i.id} [${i.scale.low}, ${i.scale.high}]`))}`,
        );
      const missing = scenario.actors.length * scenario.issues.length - scenario.stances.length;
      if (missing > 0)
        change(
          "missing stances",
          `${missing} missing stance(s), written as salience 0 at the position SMP gives them`,
        );
      const total = new Map<string, number>();
      for (const s of scenario.stances) total.set(s.actor, (total.get(s.actor) ?? 0) + s.salience);
      const over = [...total].filter(([, t]) => t > 100).map(([a]) => a);
      if (over.length > 0)
        change(
          "stances.salience",
          `saliences of ${list(over)} (summing to more than 100 over the issues) scaled to sum to 100, as KTAB and entente's SMP read them: SMP's forecasts keep, one-issue models (compromise, weighted median, expected utility) change`,
        );
      if (m.notes === undefined)
        change("metadata.notes", "no notes (read back with a note on the import)");
      break;
    }
  }
  return losses;
}

/**
 * Actors whose capabilities a decide file gives back differently: the reader makes
 * the most common power of an actor's rows (the first on a tie) its capability and
 * gives the other rows their own (`readDecide`).
 */
function recastPowers(scenario: Scenario): string[] {
  const out: string[] = [];
  for (const a of scenario.actors) {
    const on = scenario.stances.filter((s) => s.actor === a.id);
    if (on.length === 0) continue;
    const powers = on.map((s) => s.capability ?? a.capability);
    const count = new Map<number, number>();
    let common = powers[0];
    let best = 0;
    for (const p of powers) {
      const n = (count.get(p) ?? 0) + 1;
      count.set(p, n);
      if (n > best) [common, best] = [p, n];
    }
    if (common !== a.capability || on.some((s) => s.capability === a.capability)) out.push(a.id);
  }
  return out;
}

/** Whether actors and issues are listed in the order their first stance appears. */
function inStanceOrder(scenario: Scenario): boolean {
  const firstActors: string[] = [];
  const firstIssues: string[] = [];
  for (const s of scenario.stances) {
    if (!firstActors.includes(s.actor)) firstActors.push(s.actor);
    if (!firstIssues.includes(s.issue)) firstIssues.push(s.issue);
  }
  const withStance = new Set(firstActors);
  const actorOrder = scenario.actors.filter((a) => withStance.has(a.id)).map((a) => a.id);
  const issueOrder = scenario.issues.filter((i) => firstIssues.includes(i.id)).map((i) => i.id);
  return (
    actorOrder.every((id, k) => id === firstActors[k]) &&
    issueOrder.every((id, k) => id === firstIssues[k])
  );
}

function inferScale(positions: number[]): { low: number; high: number } {
  const min = Math.min(...positions);
  const max = Math.max(...positions);
  if (min >= 0 && max <= 1) return { low: 0, high: 1 };
  if (min >= 0 && max <= 100) return { low: 0, high: 100 };
  return max > min ? { low: min, high: max } : { low: min - 1, high: max + 1 };
}

/** The capability table as text (for `entente convert --help`). */
export function capabilityTable(): string {
  const lines = ["Formats (what each holds; convert names every field it would drop or change):"];
  for (const [id, c] of Object.entries(FORMAT_CAPABILITIES))
    lines.push(
      `  ${id.padEnd(16)}${c.read ? "read" : "    "} ${c.write ? "write" : "     "}  ${c.summary}`,
    );
  return lines.join("\n");
}
