/**
 * `entente sensitivity FILE`: which inputs move each forecast most — one-at-a-time
 * swings as a tornado table, and optionally Sobol' first-order and total indices
 * (src/analysis/sensitivity.ts).
 */
import { Command, Option } from "commander";
import Table from "cli-table3";
import {
  addInputOptions,
  addModelOptions,
  addOutputOption,
  SVG_HELP,
  writeSvgCharts,
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
  describeModels,
  emit,
  loadForAnalysis,
  noiseFromFlags,
  parseSeed,
  withWhatIf,
  type NoiseFlags,
} from "./simulate.js";
import {
  parseSwing,
  SOBOL_GROUPINGS,
  sobolIndices,
  tornado,
  tornadoOn,
  type SobolGrouping,
  type SobolResult,
  type TornadoResult,
} from "../analysis/sensitivity.js";
import { defaultWorkers } from "../runtime/pool.js";
import { addQueueOption, openQueue, queueUrl, type QueueFlags } from "./queue.js";
import { progressBar } from "../runtime/progress.js";
import type { ChartPart } from "../report/charts.js";
import { formatNumber, scenarioLabels, type ScenarioLabels } from "../report/format.js";
import {
  inputName,
  inputRange,
  renderSensitivitySummary,
  SUMMARY_TOP,
} from "../report/sensitivity.js";

interface SensitivityFlags extends InputFlags, ModelFlags, NoiseFlags, QueueFlags {
  swing: string;
  top?: number;
  full?: boolean;
  issue?: string[];
  sobol?: boolean;
  draws: number;
  seed: number;
  groupBy: SobolGrouping;
  workers?: number;
  maxDraws?: number;
  whatIf?: string;
  format: string;
  svg?: string;
  output?: string;
  progress: boolean;
}

export interface SensitivityOutput {
  oneAtATime: TornadoResult;
  sobol?: SobolResult;
}

/** A text bar around the baseline: left of `|` the forecast falls, right of it it rises. */
function textBar(
  base: number,
  a: number | null,
  b: number | null,
  scale: { low: number; high: number },
  half = 12,
): string {
  const values = [a, b].filter((v): v is number => v !== null);
  const width = scale.high - scale.low;
  const down = Math.max(0, base - Math.min(base, ...values));
  const up = Math.max(0, Math.max(base, ...values) - base);
  const cells = (x: number): number => Math.min(half, Math.round((x / width) * 2 * half));
  const left = cells(down);
  const right = cells(up);
  return `${" ".repeat(half - left)}${"█".repeat(left)}|${"█".repeat(right)}${" ".repeat(half - right)}`;
}

/** Every tornado (`--full`): per model and issue each input that moves the forecast. */
export function renderTornadoTable(
  result: TornadoResult,
  top: number,
  labels: ScenarioLabels = scenarioLabels({ actors: [], issues: result.issues }),
): string {
  const out: string[] = [
    `One at a time: ${result.swing}; ${result.inputs} inputs, each run low and high; models: ${describeModels(result.models)}.`,
  ];
  const scales = new Map(result.issues.map((i) => [i.id, i.scale]));
  for (const t of result.tornadoes) {
    const d = labels.decimals(t.issue);
    out.push(
      "",
      `${t.model} on ${labels.issues.name(t.issue)} [${t.issue}] — baseline ${formatNumber(t.baseline, d)}`,
    );
    if (t.bars.length === 0) {
      out.push("  no input moves this forecast");
      continue;
    }
    const table = new Table({
      head: ["input", "low → high", "forecast", "range", "falls | rises"],
      style: { head: [], border: [], compact: true },
    });
    for (const b of t.bars.slice(0, top))
      table.push([
        inputName(b, labels),
        inputRange(b, labels),
        `${formatNumber(b.forecastLow, d)} → ${formatNumber(b.forecastHigh, d)}`,
        formatNumber(b.range, d),
        t.baseline === null
          ? ""
          : textBar(t.baseline, b.forecastLow, b.forecastHigh, scales.get(t.issue)!),
      ]);
    out.push(table.toString());
    if (t.bars.length > top)
      out.push(`  … ${t.bars.length - top} more inputs move it less (--top to show more)`);
  }
  return out.join("\n");
}

/** A Sobol' group by name: an actor's short name, or an input in words (ids in JSON). */
function groupName(group: string, by: SobolGrouping, labels: ScenarioLabels): string {
  if (by === "actor") return labels.actors.short(group);
  if (by !== "input") return group;
  const [actor, kind, on, issue] = group.split(" ");
  if (kind === "capability" && on === undefined) return inputName({ actor, kind }, labels);
  if ((kind === "position" || kind === "salience") && on === "on" && issue !== undefined)
    return inputName({ actor, kind, issue }, labels);
  return group;
}

export function renderSobolTable(
  result: SobolResult,
  top: number,
  labels: ScenarioLabels = scenarioLabels({ actors: [], issues: [] }),
): string {
  const out: string[] = [
    "",
    `Sobol' indices by ${result.groupBy}: ${result.draws} draws, seed ${result.seed}, ${result.groups.length} groups; ${result.estimator}.`,
    "S: share of the forecast's variance the group explains alone; ST: with its interactions. Estimates carry sampling error",
    "(small negative values mean about 0); raise --draws for tighter ones.",
    "Uncertainty drawn:",
    ...result.uncertainty.lines.map((l) => `  ${l}`),
  ];
  for (const t of result.tables) {
    out.push(
      "",
      `${t.model} on ${labels.issues.name(t.issue)} [${t.issue}] — mean ${formatNumber(t.mean, labels.decimals(t.issue))}, sd ${formatNumber(t.variance === null ? null : Math.sqrt(t.variance), labels.decimals(t.issue))}`,
    );
    if (t.note) {
      out.push(`  ${t.note}`);
      continue;
    }
    const table = new Table({
      head: [result.groupBy, "S", "ST"],
      style: { head: [], border: [], compact: true },
    });
    for (const i of t.indices.slice(0, top))
      table.push([
        groupName(i.group, result.groupBy, labels),
        i.first.toFixed(2),
        i.total.toFixed(2),
      ]);
    out.push(table.toString());
  }
  return out.join("\n");
}

export function renderSensitivityCsv(output: SensitivityOutput): string {
  const lines = [
    "analysis,model,issue,rank,input,kind,actor,input_issue,point,low,high,forecast_low,forecast_high,range,baseline,first_order,total",
  ];
  for (const t of output.oneAtATime.tornadoes)
    t.bars.forEach((b, r) =>
      lines.push(
        [
          "one-at-a-time",
          t.model,
          t.issue,
          r + 1,
          b.input,
          b.kind,
          b.actor,
          b.issue,
          b.point,
          b.low,
          b.high,
          b.forecastLow,
          b.forecastHigh,
          b.range,
          t.baseline,
          "",
          "",
        ]
          .map(csvField)
          .join(","),
      ),
    );
  for (const t of output.sobol?.tables ?? [])
    t.indices.forEach((i, r) =>
      lines.push(
        [
          "sobol",
          t.model,
          t.issue,
          r + 1,
          i.group,
          output.sobol!.groupBy,
          "",
          "",
          "",
          "",
          "",
          "",
          "",
          "",
          t.mean,
          i.first,
          i.total,
        ]
          .map(csvField)
          .join(","),
      ),
    );
  return lines.join("\n") + "\n";
}

export function sensitivityCommand(): Command {
  const command = new Command("sensitivity")
    .description(
      "which inputs move each forecast most: one-at-a-time swings (tornado), optionally Sobol' indices",
    )
    .argument("<file>", "scenario file (YAML, JSON, stakeholder CSV, KTAB CSV/XML, decide)")
    .option(
      "--swing <amount>",
      "how far each input swings: a percentage (positions ± P% of the scale, saliences and capabilities ± P% of their value) or 'uncertainty' (its 5% and 95% quantiles)",
      "10",
    )
    .option(
      "--top <n>",
      `inputs shown per issue (default ${SUMMARY_TOP}; with --full, all)`,
      parsePositiveInt,
    )
    .option("--full", "every tornado: per model and issue, each input that moves the forecast")
    .option("--issue <ids...>", "only these issues")
    .option(
      "--sobol",
      "also estimate Sobol' first-order and total indices (variance-based; N(G + 2) runs)",
    )
    .option("-n, --draws <n>", "Sobol': base draws N", parsePositiveInt, 500)
    .option("--max-draws <n>", "limit: draws (default 10,000,000)", parsePositiveInt)
    .option("-s, --seed <n>", "Sobol': seed", parseSeed, 1)
    .addOption(
      new Option(
        "--group-by <grouping>",
        "Sobol': group inputs per actor (capability and stances), per single input, or per kind",
      )
        .choices([...SOBOL_GROUPINGS])
        .default("actor"),
    )
    .option(
      "-w, --workers <n>",
      `Sobol': worker threads (default: all cores, here ${defaultWorkers()})`,
      parseWorkers,
    )
    .option("--what-if <id>", "analyse the scenario as changed by this what-if of the file")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["table", "json", "csv"])
        .default("table"),
    )
    .option("--svg <path>", SVG_HELP)
    .option("--no-progress", "no progress bar (it is shown only on a terminal anyway)");
  addNoiseOptions(command);
  addInputOptions(command);
  addModelOptions(command);
  addOutputOption(command);
  addQueueOption(command);
  command.addHelpText(
    "after",
    [
      "",
      "Inputs: each actor's capability and each stance's position and salience. The noise options set the",
      "distributions used by --swing uncertainty and --sobol (as for `entente simulate`).",
      "",
      "Example:",
      "  entente sensitivity scenarios/us-russia-reset-2016.yaml -m expected-utility --issue us-sanctions --sobol -n 1000",
    ].join("\n"),
  );
  return command.action(async (file: string, flags: SensitivityFlags) => {
    checkDraws(flags.draws, flags.maxDraws);
    const loaded = await loadForAnalysis(file, flags);
    const { scenario, label } = withWhatIf(loaded, flags.whatIf);
    const request = runRequest(flags);
    const issues = flags.issue
      ?.flatMap((i) => i.split(","))
      .map((i) => i.trim())
      .filter((i) => i.length > 0);
    const noise = noiseFromFlags(flags);
    const swing = parseSwing(flags.swing);
    const url = queueUrl(flags);
    const backend = url ? await openQueue(url) : undefined;
    try {
      const tornadoOptions = { ...request, swing, issues, noise, whatIf: label };
      const output: SensitivityOutput = {
        oneAtATime: backend
          ? await tornadoOn(backend, scenario, tornadoOptions)
          : tornado(scenario, tornadoOptions),
      };
      if (flags.sobol) {
        const bar = progressBar("Sobol' draws", { enabled: flags.progress });
        try {
          output.sobol = await sobolIndices(scenario, {
            ...request,
            draws: flags.draws,
            seed: flags.seed,
            groupBy: flags.groupBy,
            issues,
            noise,
            whatIf: label,
            workers: flags.workers ?? defaultWorkers(),
            backend,
            onProgress: (done, total) => bar.update(done, total),
          });
        } finally {
          bar.finish();
        }
      }
      const labels = scenarioLabels(scenario);
      const top = flags.top ?? (flags.full ? Number.POSITIVE_INFINITY : SUMMARY_TOP);
      const title = `${scenario.metadata.title}${scenario.metadata.asOf ? ` (as of ${scenario.metadata.asOf})` : ""}${label ? ` — what-if ${label}` : ""}`;
      const text =
        flags.format === "json"
          ? JSON.stringify(output, null, 2) + "\n"
          : flags.format === "csv"
            ? renderSensitivityCsv(output)
            : [
                title,
                flags.full
                  ? renderTornadoTable(output.oneAtATime, top, labels)
                  : renderSensitivitySummary(output.oneAtATime, labels, top),
                ...(output.sobol ? [renderSobolTable(output.sobol, top, labels)] : []),
              ].join("\n") + "\n";
      await emit(text, flags.output);
      if (flags.svg) {
        // The chart libraries load only when charts are asked for: they slow every start.
        const { sobolChart, tornadoChart } = await import("../report/charts.js");
        const scales = new Map(scenario.issues.map((i) => [i.id, i.scale]));
        const charts: { name: string; part: ChartPart }[] = output.oneAtATime.tornadoes
          .filter((t) => t.bars.length > 0)
          .map((t) => ({
            name: `tornado-${t.issue}`,
            part: tornadoChart(
              {
                ...t,
                issue: labels.issues.short(t.issue),
                bars: t.bars.map((b) => ({ ...b, input: inputName(b, labels) })),
              },
              {
                top: flags.top ?? 8,
                scale: scales.get(t.issue),
                swing: output.oneAtATime.swing,
              },
            ),
          }));
        for (const [k, t] of (output.sobol?.tables ?? []).entries())
          if (t.indices.length > 0)
            charts.push({
              name: `sobol-${k + 1}`,
              part: sobolChart(
                {
                  ...t,
                  issue: labels.issues.short(t.issue),
                  indices: t.indices.map((i) => ({
                    ...i,
                    group: groupName(i.group, output.sobol!.groupBy, labels),
                  })),
                },
                { top: flags.top ?? 8 },
              ),
            });
        await writeSvgCharts(flags.svg, charts, `${title}: sensitivity`);
      }
    } finally {
      await backend?.close();
    }
  });
}
