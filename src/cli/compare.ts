/**
 * `entente compare FILE`: forecasts of the scenario and of what-ifs side by side,
 * with the differences (src/analysis/whatif.ts). What-ifs come from the file
 * (`whatIfs:`, chosen with --what-if) or from the command line (--set, --scale,
 * --remove, --merge, taken together as one what-if named `command-line`).
 */
import { Command, Option } from "commander";
import Table from "cli-table3";
import {
  addInputOptions,
  addModelOptions,
  addOutputOption,
  parsePositiveInt,
  parseWorkers,
  checkDraws,
  runRequest,
  type InputFlags,
  type ModelFlags,
} from "./common.js";
import {
  addNoiseOptions,
  csvField,
  emit,
  loadForAnalysis,
  noiseFromFlags,
  parseSeed,
  summaryCells,
  type NoiseFlags,
} from "./simulate.js";
import { InputError } from "../scenario/problems.js";
import type { WhatIf } from "../scenario/uncertainty.js";
import {
  applyWhatIf,
  findWhatIfs,
  whatIfFromFlags,
  type ChangeFlags,
} from "../scenario/what-ifs.js";
import { compareWhatIfs, type Comparison } from "../analysis/whatif.js";
import { compareWhatIfsOn } from "../analysis/whatif-jobs.js";
import { simulate, type ForecastSummary, type NoiseStatement } from "../analysis/montecarlo.js";
import { AnalysisPool, defaultWorkers } from "../runtime/pool.js";
import { progressBar } from "../runtime/progress.js";
import { addQueueOption, openQueue, queueUrl, type QueueFlags } from "./queue.js";
import type { Change } from "../scenario/uncertainty.js";
import {
  formatDifference,
  formatNumber,
  scenarioLabels,
  type ScenarioLabels,
} from "../report/format.js";

interface CompareFlags extends InputFlags, ModelFlags, ChangeFlags, NoiseFlags, QueueFlags {
  whatIf?: string[];
  draws?: number;
  seed: number;
  threshold?: string[];
  workers?: number;
  maxDraws?: number;
  progress: boolean;
  format: string;
  output?: string;
}

/** Monte Carlo of every variant (baseline first) with one seed. */
export interface ComparedSimulations {
  draws: number;
  seed: number;
  thresholds: string[];
  uncertainty: NoiseStatement;
  variants: { id: string; summaries: ForecastSummary[] }[];
}

/** A comparison, with the variants' Monte Carlo when asked for. */
export type ComparisonOutput = Comparison & { monteCarlo?: ComparedSimulations };

/** Without the scenario's labels: ids and one decimal. */
const byId: ScenarioLabels = {
  actors: { name: (id) => id, short: (id) => id },
  issues: { name: (id) => id, short: (id) => id },
  decimals: () => 1,
};

/**
 * A change in words, e.g. `Republican majority… capability × 0.5` (short names with
 * `labels`, ids without; an actor a merge creates keeps its id).
 */
export function describeChange(c: Change, labels: ScenarioLabels = byId): string {
  const a = labels.actors.short;
  const on = (issue?: string) => (issue ? ` on ${labels.issues.short(issue)}` : "");
  switch (c.op) {
    case "set":
      return `${a(c.actor)}${on(c.issue)} ${c.field} = ${c.value}`;
    case "scale":
      return `${a(c.actor)}${on(c.issue)} ${c.field} × ${c.by}`;
    case "remove":
      return `remove ${a(c.actor)}`;
    case "merge":
      return `merge ${c.actors.map(a).join(" + ")}${c.into && c.into !== c.actors[0] ? ` into ${c.into}` : ""}`;
  }
}

/**
 * The comparison table. With a Monte Carlo (`-n`), a difference whose what-if
 * forecast lies within the baseline's 90% interval under input noise is marked "~":
 * the model's own spread can produce it.
 */
export function renderComparisonTable(
  c: ComparisonOutput,
  title: string,
  labels: ScenarioLabels = byId,
): string {
  const baseline = c.monteCarlo?.variants.find((v) => v.id === "baseline");
  const withinNoise = (model: string, issue: string, forecast: number | null): boolean => {
    const i = baseline?.summaries.find((s) => s.model === model && s.issue === issue)?.interval90;
    return !!i && forecast !== null && forecast >= i[0] && forecast <= i[1];
  };
  let marked = 0;
  const head = ["issue", "model", "baseline", ...c.whatIfs.flatMap((w) => [w.id, "Δ"])];
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  const order = c.issues.map((i) => i.id);
  const rows = [...c.rows].sort((a, b) => order.indexOf(a.issue) - order.indexOf(b.issue));
  for (const r of rows) {
    const d = labels.decimals(r.issue);
    table.push([
      labels.issues.short(r.issue),
      r.model,
      formatNumber(r.baseline, d),
      ...c.whatIfs.flatMap((w) => {
        const v = r.whatIfs[w.id];
        const diff = formatDifference(v.difference, d);
        const noise =
          v.difference !== null && diff !== "±0" && withinNoise(r.model, r.issue, v.forecast);
        if (noise) marked++;
        return [formatNumber(v.forecast, d), noise ? `~${diff}` : diff];
      }),
    ]);
  }
  const notes = rows.flatMap((r) =>
    Object.entries(r.whatIfs)
      .filter(([, v]) => v.note && v.forecast === null)
      .map(([id, v]) => `  ${labels.issues.short(r.issue)}, ${r.model}, ${id}: ${v.note}`),
  );
  return [
    title,
    table.toString(),
    ...(marked > 0
      ? [
          `~: within the baseline's 90% interval under input noise (${c.monteCarlo!.draws} draws): a difference the model's own spread can produce.`,
        ]
      : []),
    "What-ifs (Δ: what-if minus baseline):",
    ...c.whatIfs.map(
      (w) =>
        `  ${w.id}${w.name ? ` — ${w.name}` : ""}: ${w.changes.map((x) => describeChange(x, labels)).join("; ")}${w.rationale ? `\n      ${w.rationale}` : ""}`,
    ),
    ...(notes.length > 0 ? ["Notes:", ...notes] : []),
  ].join("\n");
}

export function renderSimulatedComparison(
  c: ComparisonOutput,
  labels: ScenarioLabels = byId,
): string {
  const mc = c.monteCarlo!;
  const head = [
    "issue",
    "model",
    "variant",
    "median",
    "50% interval",
    "90% interval",
    ...mc.thresholds.map((t) => `P(${t})`),
  ];
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const issue of c.issues)
    for (const model of c.models)
      for (const v of mc.variants) {
        const s = v.summaries.find((x) => x.issue === issue.id && x.model === model.id)!;
        table.push([
          labels.issues.short(issue.id),
          model.id,
          v.id,
          ...summaryCells(s, mc.thresholds, labels.decimals(issue.id)),
        ]);
      }
  return [
    `Monte Carlo of every variant: ${mc.draws} draws, seed ${mc.seed} (the same seed for each, so variants that keep the actors share their draws).`,
    table.toString(),
    "Uncertainty drawn:",
    ...mc.uncertainty.lines.map((l) => `  ${l}`),
  ].join("\n");
}

const MC_COLUMNS = [
  "median",
  "q05",
  "q25",
  "q75",
  "q95",
  "threshold",
  "probability",
  "standard_error",
];

/** Long CSV: one row per model, issue and variant (baseline first); with the Monte Carlo, its quantiles too. */
export function renderComparisonCsv(c: ComparisonOutput): string {
  const mc = c.monteCarlo;
  const lines = [
    ["model", "issue", "variant", "forecast", "difference", ...(mc ? MC_COLUMNS : [])].join(","),
  ];
  const simulated = (variant: string, model: string, issue: string): string[][] => {
    if (!mc) return [[]];
    const s = mc.variants
      .find((v) => v.id === variant)!
      .summaries.find((x) => x.model === model && x.issue === issue)!;
    const base = [
      s.median,
      s.interval90?.[0],
      s.interval50?.[0],
      s.interval50?.[1],
      s.interval90?.[1],
    ].map(csvField);
    if (s.thresholds.length === 0) return [[...base, "", "", ""]];
    return s.thresholds.map((t) => [
      ...base,
      csvField(t.threshold),
      csvField(t.probability),
      csvField(t.standardError),
    ]);
  };
  for (const r of c.rows) {
    for (const extra of simulated("baseline", r.model, r.issue))
      lines.push(
        [...[r.model, r.issue, "baseline", r.baseline, ""].map(csvField), ...extra].join(","),
      );
    for (const w of c.whatIfs) {
      const v = r.whatIfs[w.id];
      for (const extra of simulated(w.id, r.model, r.issue))
        lines.push(
          [...[r.model, r.issue, w.id, v.forecast, v.difference].map(csvField), ...extra].join(","),
        );
    }
  }
  return lines.join("\n") + "\n";
}

export function compareCommand(): Command {
  const command = new Command("compare")
    .description("forecasts of the scenario and of what-ifs side by side, with the differences")
    .argument("<file>", "scenario file (YAML, JSON, stakeholder CSV, KTAB CSV/XML, decide)")
    .option(
      "--what-if <ids...>",
      "what-ifs of the file to compare (default: all of them, unless changes are given below)",
    )
    .option(
      "--set <spec...>",
      "set a number: ACTOR.capability=V, ACTOR.ISSUE.position=V (or low, high, extreme), ACTOR.ISSUE.salience=V; without ISSUE, every stance of the actor",
    )
    .option(
      "--scale <spec...>",
      "scale a number, ACTOR[.ISSUE].FIELD=FACTOR: capability and salience are multiplied (salience capped at 100), a position's distance from the reference point is multiplied",
    )
    .option("--remove <actor...>", "remove an actor with its stances")
    .option(
      "--merge <spec...>",
      "merge actors A+B[+C][=INTO] into one: summed capability, power-weighted position, salience keeping the summed power",
    )
    .option(
      "-n, --draws <n>",
      "also run a Monte Carlo of N draws for the baseline and every what-if",
      parsePositiveInt,
    )
    .option("--max-draws <n>", "limit: draws (default 10,000,000)", parsePositiveInt)
    .option("-s, --seed <n>", "Monte Carlo seed (the same for every variant)", parseSeed, 1)
    .option(
      "-t, --threshold <spec...>",
      "Monte Carlo: the probability of crossing ISSUE<V (or <=, >, >=) in each variant",
    )
    .option(
      "-w, --workers <n>",
      `Monte Carlo: worker threads (default: all cores, here ${defaultWorkers()})`,
      parseWorkers,
    )
    .option("--no-progress", "no progress bar (it is shown only on a terminal anyway)")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["table", "json", "csv"])
        .default("table"),
    );
  addOutputOption(command);
  addNoiseOptions(command);
  addInputOptions(command);
  addModelOptions(command);
  addQueueOption(command);
  command.addHelpText(
    "after",
    [
      "",
      "The changes given with --set, --scale, --remove and --merge form one what-if, `command-line`, applied in",
      "that order. What-ifs in the file are declared under `whatIfs:` (see scenarios/us-russia-reset-2016.yaml).",
      "",
      "Examples:",
      "  entente compare scenarios/us-russia-reset-2016.yaml -m expected-utility",
      "  entente compare scenarios/us-russia-reset-2016.yaml --scale gop-congress.capability=0.5 --remove ukraine",
      "  entente compare scenarios/us-russia-reset-2016.yaml --merge gop-congress+dem-congress=congress",
      "  entente compare scenarios/us-russia-reset-2016.yaml -m expected-utility -n 2000 -t 'us-sanctions<40'",
    ].join("\n"),
  );
  return command.action(async (file: string, flags: CompareFlags) => {
    if (flags.draws !== undefined) checkDraws(flags.draws, flags.maxDraws);
    const scenario = await loadForAnalysis(file, flags);
    const adHoc = whatIfFromFlags(flags, scenario);
    let chosen: WhatIf[] =
      flags.whatIf && flags.whatIf.length > 0
        ? findWhatIfs(
            scenario,
            flags.whatIf
              .flatMap((w) => w.split(","))
              .map((w) => w.trim())
              .filter((w) => w.length > 0),
          )
        : adHoc
          ? []
          : (scenario.whatIfs ?? []);
    if (adHoc) chosen = [...chosen, adHoc];
    if (chosen.length === 0)
      throw new InputError([
        {
          file,
          path: ["whatIfs"],
          message:
            "nothing to compare: the file declares no what-ifs (whatIfs:) and no --set, --scale, --remove or --merge was given",
        },
      ]);
    const request = runRequest(flags);
    const url = queueUrl(flags);
    const backend = url ? await openQueue(url) : undefined;
    try {
      const comparison: ComparisonOutput = backend
        ? await compareWhatIfsOn(backend, scenario, chosen, request)
        : compareWhatIfs(scenario, chosen, request);
      if (flags.draws !== undefined) {
        const variants = [
          { id: "baseline", scenario },
          ...chosen.map((w) => ({ id: w.id, scenario: applyWhatIf(scenario, w) })),
        ];
        const pool = new AnalysisPool(backend ? 1 : (flags.workers ?? defaultWorkers()));
        const bar = progressBar("draws", { enabled: flags.progress });
        const total = flags.draws * variants.length;
        try {
          const results = [];
          for (const [k, v] of variants.entries()) {
            const { result } = await simulate(v.scenario, {
              ...request,
              draws: flags.draws,
              seed: flags.seed,
              thresholds: flags.threshold ?? [],
              noise: noiseFromFlags(flags),
              pool,
              backend,
              onProgress: (done) => bar.update(k * flags.draws! + done, total),
            });
            results.push({ id: v.id, result });
          }
          comparison.monteCarlo = {
            draws: flags.draws,
            seed: flags.seed,
            thresholds: results[0].result.thresholds,
            uncertainty: results[0].result.uncertainty,
            variants: results.map((r) => ({ id: r.id, summaries: r.result.summaries })),
          };
        } finally {
          bar.finish();
          await pool.close();
        }
      }
      const title = `${scenario.metadata.title}${scenario.metadata.asOf ? ` (as of ${scenario.metadata.asOf})` : ""}`;
      const text =
        flags.format === "json"
          ? JSON.stringify(comparison, null, 2) + "\n"
          : flags.format === "csv"
            ? renderComparisonCsv(comparison)
            : [
                renderComparisonTable(comparison, title, scenarioLabels(scenario)),
                ...(comparison.monteCarlo
                  ? ["", renderSimulatedComparison(comparison, scenarioLabels(scenario))]
                  : []),
              ].join("\n") + "\n";
      await emit(text, flags.output);
    } finally {
      await backend?.close();
    }
  });
}
