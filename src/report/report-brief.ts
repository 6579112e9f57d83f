/**
 * The first page of a run's report, as plain rows of text: the answer per issue (the
 * headline forecast with its 50 % and 90 % predictive intervals and the other
 * models' range), the run's Monte Carlo intervals when it has draws, the key actors
 * (who decides: veto players, pivots, and the actors whose weight moves the
 * forecast most), and the what-ifs the scenario names, each as its change of the
 * headline model's forecast. Pure: a stored run in, text out; run-report.ts lays it
 * out on one printable page.
 */
import { HEADLINE_MODEL, type HeadlineIssue } from "../analysis/headline.js";
import { compareWhatIfs } from "../analysis/whatif.js";
import { InputError } from "../scenario/problems.js";
import { formatDifference, formatNumber, scenarioLabels } from "./format.js";
import { forecastTable, nearestAnchor, type RunView } from "./views.js";

export interface BriefHeadlineRow {
  issue: string;
  name: string;
  forecast: string;
  /** The anchor label nearest the forecast, when one is close. */
  label: string | null;
  interval50: string;
  interval90: string;
  /** The other models' lowest and highest forecast ("–" with none). */
  others: string;
  note?: string;
}

export interface BriefKeyActor {
  actor: string;
  name: string;
  /** Where and why the actor decides: "veto on X, Y", "pivot on Z", "without it: W −3.2, V +1.0". */
  roles: string[];
}

export interface BriefWhatIf {
  id: string;
  name: string;
  rationale: string | null;
}

export interface ReportBrief {
  /** The headline's statement (model, error model, draws), or why the run has none. */
  statement: string;
  headline: BriefHeadlineRow[];
  /** The run's Monte Carlo intervals per issue and model, when it has draws. */
  intervals: {
    draws: number;
    models: string[];
    rows: { issue: string; name: string; cells: Record<string, string> }[];
  } | null;
  keyActors: BriefKeyActor[];
  /** The scenario's what-ifs and their change of the headline model's forecast. */
  whatIfs: {
    model: string;
    whatIfs: BriefWhatIf[];
    rows: { issue: string; name: string; baseline: string; changes: Record<string, string> }[];
  } | null;
  /** Why the what-ifs could not be computed (a change that does not fit the scenario). */
  whatIfError?: string;
}

/** Most actors the brief names (the rest are in the detail). */
export const BRIEF_ACTORS = 6;

export function reportBrief(run: RunView): ReportBrief {
  const scenario = run.snapshot;
  const labels = scenarioLabels(scenario);
  const n = (issue: string, x: number | null | undefined) =>
    formatNumber(x, labels.decimals(issue));
  const range = (issue: string, r: [number, number] | null | undefined) =>
    r ? `${n(issue, r[0])}–${n(issue, r[1])}` : "–";
  const table = forecastTable(run);
  const issue = (id: string) => scenario.issues.find((i) => i.id === id)!;
  const stored = run.result.headline;

  // The answer per issue: the headline, or the first model's forecasts without one.
  const headline: BriefHeadlineRow[] = table.rows.map((row) => {
    const h = stored?.issues.find((x) => x.issue === row.issue);
    const model = h ? h.model : table.models[0];
    const forecast = h ? h.forecast : (row.forecasts[model] ?? null);
    return {
      issue: row.issue,
      name: labels.issues.short(row.issue),
      forecast: n(row.issue, forecast),
      label: forecast === null ? null : nearestAnchor(issue(row.issue), forecast),
      interval50: range(row.issue, h?.interval50),
      interval90: range(row.issue, h?.interval90),
      others: h?.disagreement
        ? `${n(row.issue, h.disagreement.min)}–${n(row.issue, h.disagreement.max)}`
        : "–",
      ...(h?.note ? { note: h.note } : {}),
    };
  });
  const statement = stored
    ? stored.statement.line
    : `No headline for this run${run.result.headlineError ? ` (${run.result.headlineError})` : ""}: the forecasts shown are the ${table.models[0] ?? "first"} model's.`;

  const intervals =
    table.draws === null
      ? null
      : {
          draws: table.draws,
          models: table.models,
          rows: table.rows.map((row) => ({
            issue: row.issue,
            name: labels.issues.short(row.issue),
            cells: Object.fromEntries(
              table.models.map((m) => {
                const d = row.drawn?.[m];
                return [
                  m,
                  d && d.median !== null
                    ? `${n(row.issue, d.median)} (${range(row.issue, d.interval90)})`
                    : "–",
                ];
              }),
            ),
          })),
        };

  const brief: ReportBrief = {
    statement,
    headline,
    intervals,
    keyActors: keyActors(stored?.issues ?? [], labels),
    whatIfs: null,
  };
  const whatIfs = scenario.whatIfs ?? [];
  if (whatIfs.length > 0)
    try {
      const c = compareWhatIfs(scenario, whatIfs, { models: [HEADLINE_MODEL] });
      brief.whatIfs = {
        model: HEADLINE_MODEL,
        whatIfs: whatIfs.map((w) => ({
          id: w.id,
          name: w.name ?? w.id,
          rationale: w.rationale ?? null,
        })),
        rows: c.rows.map((r) => ({
          issue: r.issue,
          name: labels.issues.short(r.issue),
          baseline: n(r.issue, r.baseline),
          changes: Object.fromEntries(
            whatIfs.map((w) => {
              const x = r.whatIfs[w.id];
              return [
                w.id,
                x?.forecast === null || x === undefined
                  ? "–"
                  : `${n(r.issue, x.forecast)} (${formatDifference(x.difference, labels.decimals(r.issue))})`,
              ];
            }),
          ),
        })),
      };
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      brief.whatIfError = e.problems.map((p) => p.message).join("; ");
    }
  return brief;
}

/**
 * The actors the headline names as decisive, most issues first (then the largest
 * total effect), each with where and why: veto players and pivots of an issue's
 * decision rule, and the actors whose weight moves the forecast most (the change
 * of the forecast without them).
 */
function keyActors(
  issues: readonly HeadlineIssue[],
  labels: ReturnType<typeof scenarioLabels>,
): BriefKeyActor[] {
  const byActor = new Map<
    string,
    { veto: string[]; pivot: string[]; weight: string[]; issues: number; effect: number }
  >();
  for (const issue of issues)
    for (const a of issue.decisiveActors ?? []) {
      const entry = byActor.get(a.actor) ?? {
        veto: [],
        pivot: [],
        weight: [],
        issues: 0,
        effect: 0,
      };
      const name = labels.issues.short(issue.issue);
      entry.issues++;
      if (a.role === "weight") {
        entry.effect += Math.abs(a.effect ?? 0);
        entry.weight.push(`${name} ${formatDifference(a.effect, labels.decimals(issue.issue))}`);
      } else (a.role === "veto player" ? entry.veto : entry.pivot).push(name);
      byActor.set(a.actor, entry);
    }
  return [...byActor.entries()]
    .sort(([a, x], [b, y]) => y.issues - x.issues || y.effect - x.effect || a.localeCompare(b))
    .slice(0, BRIEF_ACTORS)
    .map(([actor, x]) => ({
      actor,
      name: labels.actors.short(actor),
      roles: [
        ...(x.veto.length > 0 ? [`veto on ${x.veto.join(", ")}`] : []),
        ...(x.pivot.length > 0 ? [`pivot on ${x.pivot.join(", ")}`] : []),
        ...(x.weight.length > 0 ? [`without it: ${x.weight.join(", ")}`] : []),
      ],
    }));
}
