/**
 * `entente simulate FILE`: Monte Carlo forecasts — per issue and model the median,
 * the 50% and 90% intervals and the probability of crossing thresholds — from the
 * scenario's uncertainty (src/analysis/montecarlo.ts). Also the helpers the other
 * analysis commands share (noise flags, what-if selection, output).
 */
import { Command, Option } from "commander";
import Table from "cli-table3";
import {
  addInputOptions,
  addModelOptions,
  addOutputOption,
  SVG_HELP,
  writeSvgCharts,
  loadFromFlags,
  parsePositiveInt,
  parseWorkers,
  checkDraws,
  runRequest,
  type InputFlags,
  type ModelFlags,
} from "./common.js";
import { UsageError } from "./errors.js";
import type { Scenario } from "../scenario/schema.js";
import { InputError, type Problem } from "../scenario/problems.js";
import { uncertaintyProblems } from "../scenario/uncertainty-checks.js";
import { writeFileAtomic } from "../scenario/save.js";
import { applyWhatIf, findWhatIfs, whatIfProblems } from "../scenario/what-ifs.js";
import {
  drawsCsv,
  parseThreshold,
  simulate,
  type ForecastSummary,
  type Simulation,
  type SimulationResult,
} from "../analysis/montecarlo.js";
import type { Noise } from "../analysis/montecarlo-core.js";
import { AnalysisPool, defaultWorkers } from "../runtime/pool.js";
import { addQueueOption, openQueue, queueUrl, type QueueFlags } from "./queue.js";
import { progressBar } from "../runtime/progress.js";
import { formatNumber, scenarioLabels, type ScenarioLabels } from "../report/format.js";
import { maxOf } from "../extent.js";

// ---------------------------------------------------------------------------------
// Shared by simulate, sensitivity and compare

export function parseSeed(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n))
    throw new UsageError(`seed '${text}' must be a whole number from 0 to 2^53 − 1`);
  return n;
}

export function parseShare(text: string): number {
  const n = Number(text.replace(/%$/, "")) / (text.trim().endsWith("%") ? 100 : 1);
  if (!Number.isFinite(n) || n < 0)
    throw new UsageError(`'${text}' must be a share of at least 0 (e.g. 0.05 or 5%)`);
  return n;
}

export function addNoiseOptions(command: Command): Command {
  return command
    .option(
      "--position-noise <share>",
      "sd of positions without a spread of their own, as a share of the scale (default 0.05, or the file's)",
      parseShare,
    )
    .option(
      "--salience-noise <share>",
      "sd of saliences without a spread of their own, as a share of the value (default 0.1)",
      parseShare,
    )
    .option(
      "--capability-noise <share>",
      "sd of capabilities without a spread of their own, as a share of the value (default 0.1)",
      parseShare,
    );
}

export interface NoiseFlags {
  positionNoise?: number;
  salienceNoise?: number;
  capabilityNoise?: number;
}

export function noiseFromFlags(flags: NoiseFlags): Partial<Noise> {
  const noise: Partial<Noise> = {};
  if (flags.positionNoise !== undefined) {
    if (flags.positionNoise > 1)
      throw new UsageError("--position-noise must be at most 1 (the whole scale)");
    noise.positionNoise = flags.positionNoise;
  }
  if (flags.salienceNoise !== undefined) noise.salienceNoise = flags.salienceNoise;
  if (flags.capabilityNoise !== undefined) noise.capabilityNoise = flags.capabilityNoise;
  return noise;
}

/**
 * Loads the scenario and checks what the analyses need beyond validation: the
 * uncertainty blocks against the scales, the what-ifs' references. Problems carry the file.
 */
export async function loadForAnalysis(file: string, flags: InputFlags): Promise<Scenario> {
  const scenario = await loadFromFlags(file, flags);
  const problems: Problem[] = [
    ...uncertaintyProblems(scenario),
    ...whatIfProblems(scenario, scenario.whatIfs ?? []),
  ];
  if (problems.length > 0) throw new InputError(problems.map((p) => ({ ...p, file })));
  return scenario;
}

/** The scenario changed by one of the file's what-ifs (`--what-if ID`), or as it is. */
export function withWhatIf(
  scenario: Scenario,
  id: string | undefined,
): { scenario: Scenario; label?: string } {
  if (id === undefined) return { scenario };
  const [whatIf] = findWhatIfs(scenario, [id]);
  return {
    scenario: applyWhatIf(scenario, whatIf),
    label: whatIf.name ? `${whatIf.id} (${whatIf.name})` : whatIf.id,
  };
}

export async function emit(text: string, output: string | undefined): Promise<void> {
  if (output) await writeFileAtomic(output, text);
  else process.stdout.write(text);
}

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text =
    typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function describeModels(models: { id: string; options: object }[]): string {
  return models
    .map((m) => {
      const rounds = (m.options as { rounds?: number }).rounds;
      return rounds !== undefined ? `${m.id} (${rounds} rounds)` : m.id;
    })
    .join(", ");
}

// ---------------------------------------------------------------------------------
// simulate

interface SimulateFlags extends InputFlags, ModelFlags, NoiseFlags, QueueFlags {
  draws: number;
  seed: number;
  workers?: number;
  maxDraws?: number;
  threshold?: string[];
  whatIf?: string;
  format: string;
  svg?: string;
  saveDraws?: string;
  output?: string;
  progress: boolean;
}

const fmtInterval = (i: [number, number] | null, d: number): string =>
  i ? `${formatNumber(i[0], d)}–${formatNumber(i[1], d)}` : "–";

/**
 * A Monte Carlo summary's cells of a table: median, 50% and 90% intervals, and the
 * probability of each threshold (as `simulate` and `compare` print them).
 */
export function summaryCells(
  s: ForecastSummary,
  thresholds: readonly string[],
  decimals = 1,
): string[] {
  return [
    formatNumber(s.median, decimals),
    fmtInterval(s.interval50, decimals),
    fmtInterval(s.interval90, decimals),
    ...thresholds.map((t) => {
      const r = s.thresholds.find((x) => x.threshold === t);
      return r && r.probability !== null ? `${(r.probability * 100).toFixed(1)}%` : "";
    }),
  ];
}

export function renderSimulationTable(
  result: SimulationResult,
  title: string,
  labels?: ScenarioLabels,
): string {
  const issueName = (id: string) => labels?.issues.short(id) ?? id;
  const decimals = (id: string) => labels?.decimals(id) ?? 1;
  const head = [
    "issue",
    "model",
    "point",
    "median",
    "50% interval",
    "90% interval",
    ...result.thresholds.map((t) => `P(${t})`),
  ];
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  const byIssue = result.issues.map((i) => i.id);
  const rows = [...result.summaries].sort(
    (a, b) => byIssue.indexOf(a.issue) - byIssue.indexOf(b.issue),
  );
  for (const s of rows)
    table.push([
      issueName(s.issue),
      s.model,
      formatNumber(s.point, decimals(s.issue)),
      ...summaryCells(s, result.thresholds, decimals(s.issue)),
    ]);
  const notes = result.summaries
    .filter((s) => s.noForecast > 0)
    .map(
      (s) =>
        `  ${issueName(s.issue)}, ${s.model}: no forecast in ${s.noForecast} of ${result.draws} draws`,
    );
  const se = Math.max(
    0,
    maxOf(result.summaries.flatMap((s) => s.thresholds.map((t) => t.standardError ?? 0))),
  );
  return [
    title,
    `Monte Carlo: ${result.draws} draws, seed ${result.seed}${result.whatIf ? `, what-if ${result.whatIf}` : ""}; models: ${describeModels(result.models)}.`,
    table.toString(),
    "point: the forecast on the point estimates (as `entente run`); intervals: quantiles 25–75% and 5–95% of the draws.",
    ...(result.thresholds.length > 0
      ? [
          `P(…): share of draws crossing the threshold (Monte Carlo standard error at most ${(se * 100).toFixed(1)} points).`,
        ]
      : []),
    "Uncertainty drawn:",
    ...result.uncertainty.lines.map((l) => `  ${l}`),
    ...(notes.length > 0 ? ["Notes:", ...notes] : []),
  ].join("\n");
}

export function renderSimulationCsv(result: SimulationResult): string {
  const lines = [
    "model,issue,point,median,q05,q25,q75,q95,mean,sd,min,max,draws,no_forecast,threshold,probability,standard_error",
  ];
  for (const s of result.summaries) {
    const base = [
      s.model,
      s.issue,
      s.point,
      s.median,
      s.interval90?.[0],
      s.interval50?.[0],
      s.interval50?.[1],
      s.interval90?.[1],
      s.mean,
      s.sd,
      s.min,
      s.max,
      s.draws,
      s.noForecast,
    ].map(csvField);
    if (s.thresholds.length === 0) lines.push([...base, "", "", ""].join(","));
    for (const t of s.thresholds)
      lines.push(
        [...base, csvField(t.threshold), csvField(t.probability), csvField(t.standardError)].join(
          ",",
        ),
      );
  }
  return lines.join("\n") + "\n";
}

/** Writes the charts of a simulation into `dir`: intervals per model, a histogram per issue. */
export async function writeSimulationCharts(
  sim: Simulation,
  dir: string,
  thresholds: string[],
  scenario: Scenario,
): Promise<string[]> {
  // The chart libraries load only when charts are asked for: they slow every start.
  const { forecastHistogramChart, forecastIntervalsChart } = await import("../report/charts.js");
  const charts = sim.result.models.map((m) => ({
    name: `intervals-${m.id}`,
    part: forecastIntervalsChart(sim.result, m.id),
  }));
  const parsed = thresholds.map((t) => parseThreshold(t, scenario));
  for (const issue of sim.result.issues) {
    const lines = parsed
      .filter((t) => t.issue === issue.id)
      .map((t) => ({ value: t.value, text: t.text }));
    charts.push({
      name: `distribution-${issue.id}`,
      part: forecastHistogramChart(sim, issue.id, lines),
    });
  }
  return writeSvgCharts(dir, charts, `${scenario.metadata.title}: Monte Carlo`);
}

export function simulateCommand(): Command {
  const command = new Command("simulate")
    .description(
      "Monte Carlo forecasts: draw the scenario's uncertain numbers N times, run the models on every draw, " +
        "and report per issue the median, the 50% and 90% intervals and threshold probabilities",
    )
    .argument("<file>", "scenario file (YAML, JSON, stakeholder CSV, KTAB CSV/XML, decide)")
    .option("-n, --draws <n>", "number of draws", parsePositiveInt, 1000)
    .option("--max-draws <n>", "limit: draws (default 10,000,000)", parsePositiveInt)
    .option(
      "-s, --seed <n>",
      "seed (whole number); the same seed gives the same results with any number of workers",
      parseSeed,
      1,
    )
    .option(
      "-w, --workers <n>",
      `worker threads (default: all cores, here ${defaultWorkers()}); 1 runs in this thread`,
      parseWorkers,
    )
    .option(
      "-t, --threshold <spec...>",
      "report the probability that the forecast crosses it: ISSUE<V, <=, >, >= (quote it in the shell)",
    )
    .option("--what-if <id>", "simulate the scenario as changed by this what-if of the file")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["table", "json", "csv"])
        .default("table"),
    )
    .option("--svg <path>", `${SVG_HELP} (intervals per model, distribution per issue)`)
    .option(
      "--save-draws <file>",
      "also write every draw's forecasts as CSV (draw,model,issue,forecast)",
    )
    .option("--no-progress", "no progress bar (it is shown only on a terminal anyway)");
  addOutputOption(command);
  addNoiseOptions(command);
  addInputOptions(command);
  addModelOptions(command);
  addQueueOption(command);
  command.addHelpText(
    "after",
    [
      "",
      "Uncertainty comes from the file: per stance `uncertainty:` (a range, an sd, or experts' estimates with an",
      "aggregation: draw, mean or median), per actor `capabilityUncertainty:`, and the scenario-wide noise",
      "(`uncertainty:`) for every number without its own spread: by default positions ± 5% of the scale,",
      "saliences and capabilities ± 10% of their value (normal sd, clipped). The output states what was used.",
      "",
      "Example:",
      "  entente simulate scenarios/us-russia-reset-2016.yaml -n 10000 -s 42 -m expected-utility -t 'us-sanctions<40'",
    ].join("\n"),
  );
  return command.action(async (file: string, flags: SimulateFlags) => {
    checkDraws(flags.draws, flags.maxDraws);
    // The worker threads start (and load their modules) while this thread reads
    // and checks the scenario.
    const url = queueUrl(flags);
    const backend = url ? await openQueue(url) : undefined;
    const pool = new AnalysisPool(backend ? 1 : (flags.workers ?? defaultWorkers()));
    let sim: Simulation;
    let scenario: Scenario;
    try {
      const loaded = await loadForAnalysis(file, flags);
      const changed = withWhatIf(loaded, flags.whatIf);
      scenario = changed.scenario;
      const bar = progressBar("draws", { enabled: flags.progress });
      try {
        sim = await simulate(scenario, {
          ...runRequest(flags),
          draws: flags.draws,
          seed: flags.seed,
          pool,
          backend,
          thresholds: flags.threshold ?? [],
          noise: noiseFromFlags(flags),
          whatIf: changed.label,
          onProgress: (done, total) => bar.update(done, total),
        });
      } finally {
        bar.finish();
      }
    } finally {
      await pool.close();
      await backend?.close();
    }
    const { result } = sim;
    const title = `${scenario.metadata.title}${scenario.metadata.asOf ? ` (as of ${scenario.metadata.asOf})` : ""}`;
    const text =
      flags.format === "json"
        ? JSON.stringify(result, null, 2) + "\n"
        : flags.format === "csv"
          ? renderSimulationCsv(result)
          : renderSimulationTable(result, title, scenarioLabels(scenario)) + "\n";
    await emit(text, flags.output);
    if (flags.saveDraws) await writeFileAtomic(flags.saveDraws, drawsCsv(sim));
    if (flags.svg) await writeSimulationCharts(sim, flags.svg, flags.threshold ?? [], scenario);
  });
}
