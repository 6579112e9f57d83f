/**
 * `entente backtest FILE`: scores models against the recorded outcomes of a DEU
 * table (see `src/analysis/backtest.ts` for the rules). Prints, per model and
 * capability option, n, mean and median absolute error, RMSE, the share within 10
 * points and a paired bootstrap interval of its error minus the compromise model's
 * (equal capabilities); `--by` adds the same per procedure, voting rule, legal type,
 * era or Council configuration. Side outputs: `--per-issue` (long CSV of every
 * forecast), `--html` (standalone report with charts), `--markdown` (docs table).
 *
 * Capability choices for the Commission and the Parliament (`--com-capability`,
 * `--ep-capability`): `mean` (default) or `max` of the era's member states under
 * the capability option, or a number, the share of the whole Council's capability
 * (0.1: a tenth of the sum over the era's member states).
 *
 * Exit codes (src/cli/errors.ts): 0 done; 1 the table or an option value has
 * problems (each printed with file, line and column); 2 the command line is wrong.
 */
import { Command, Option } from "commander";
import {
  addModelOptions,
  addOutputOption,
  parsePositiveInt,
  parseWorkers,
  runRequest,
  type ModelFlags,
} from "./common.js";
import { addQueueOption, openQueue, queueUrl, type QueueFlags } from "./queue.js";
import { progressBar } from "../runtime/progress.js";
import { defaultWorkers } from "../runtime/pool.js";
import { ThreadBackend, type ChunkBackend } from "../jobs/backends.js";
import { directContext } from "../jobs/jobs.js";
import { UsageError } from "./errors.js";
import {
  CAPABILITY_OPTIONS,
  GROUP_KEYS,
  backtestDeu,
  backtestDeuOn,
  type BacktestOptions,
  type BacktestResult,
  type CapabilityOption,
  type GroupKey,
  type InstitutionCapability,
} from "../analysis/backtest.js";
import {
  renderBacktestCsv,
  renderBacktestMarkdown,
  renderBacktestTable,
  renderPerIssueCsv,
} from "../analysis/backtest-report.js";
import { readDeu } from "../scenario/import/deu.js";
import { readTextFile } from "../scenario/read-text.js";
import { resolveLimits } from "../scenario/limits.js";
import { InputError } from "../scenario/problems.js";
import { writeFileAtomic } from "../scenario/save.js";

interface BacktestFlags extends ModelFlags, QueueFlags {
  workers?: number;
  progress: boolean;
  format: string;
  capability?: string;
  comCapability: string;
  epCapability: string;
  by?: string;
  resamples: number;
  seed: number;
  level: number;
  bootstrapUnit: "issue" | "proposal";
  minStances: number;
  within: number;
  folds: number;
  cvSeed: number;
  cv: boolean;
  rules: boolean;
  output?: string;
  perIssue?: string;
  html?: string;
  markdown?: string;
}

function parseWholeNumber(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n))
    throw new UsageError(`'${text}' is not a whole number from 0 up`);
  return n;
}

function parseLevel(text: string): number {
  const n = Number(text);
  if (!(n > 0 && n < 1))
    throw new UsageError(`'${text}' is not a level between 0 and 1 (e.g. 0.95)`);
  return n;
}

function parsePoints(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`'${text}' is not a number of points`);
  return n;
}

function list(text: string | undefined): string[] {
  return (text ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

/** `mean`, `max`, or a non-negative share. */
export function parseInstitutionCapability(text: string, flag: string): InstitutionCapability {
  const t = text.trim().toLowerCase();
  if (t === "mean" || t === "max") return t;
  const n = Number(t);
  if (t.length === 0 || !Number.isFinite(n) || n < 0)
    throw new InputError([
      {
        path: [flag],
        message: `'${text}' is neither 'mean', 'max' nor a share from 0 up (e.g. 0.1: a tenth of the Council's capability)`,
      },
    ]);
  return { share: n };
}

/** Turns the command's flags into backtest options; every bad value at once. */
export function backtestOptions(flags: BacktestFlags): BacktestOptions {
  const problems: InputError["problems"] = [];
  const capabilities = list(flags.capability);
  for (const c of capabilities)
    if (!(CAPABILITY_OPTIONS as readonly string[]).includes(c))
      problems.push({
        path: ["--capability"],
        message: `unknown capability option '${c}'; choose from ${CAPABILITY_OPTIONS.join(", ")}`,
      });
  const by = list(flags.by);
  for (const b of by)
    if (!(GROUP_KEYS as readonly string[]).includes(b))
      problems.push({
        path: ["--by"],
        message: `cannot group by '${b}'; choose from ${GROUP_KEYS.join(", ")}`,
      });
  let commission: InstitutionCapability = "mean";
  let parliament: InstitutionCapability = "mean";
  for (const [flag, text, set] of [
    ["--com-capability", flags.comCapability, (c: InstitutionCapability) => (commission = c)],
    ["--ep-capability", flags.epCapability, (c: InstitutionCapability) => (parliament = c)],
  ] as const)
    try {
      set(parseInstitutionCapability(text, flag));
    } catch (e) {
      if (e instanceof InputError) problems.push(...e.problems);
      else throw e;
    }
  if (problems.length > 0) throw new InputError(problems);
  const request = runRequest(flags);
  return {
    models: request.models,
    modelOptions: request.options,
    rounds: request.rounds,
    ...(capabilities.length > 0 ? { capabilities: capabilities as CapabilityOption[] } : {}),
    commission,
    parliament,
    by: by as GroupKey[],
    resamples: flags.resamples,
    seed: flags.seed,
    level: flags.level,
    bootstrapUnit: flags.bootstrapUnit,
    minStances: flags.minStances,
    within: flags.within,
    crossValidation: flags.cv ? { folds: flags.folds, seed: flags.cvSeed } : null,
    rules: flags.rules,
  };
}

export function backtestCommand(): Command {
  const command = new Command("backtest")
    .description(
      "score the models against the outcomes of a DEU table (per model and capability option: n, MAE, median, RMSE, share within 10 points, paired bootstrap interval against the compromise model)",
    )
    .argument("<file>", "DEU table (tab- or semicolon-separated, DEU III layout)")
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["table", "json", "csv"])
        .default("table"),
    )
    .option(
      "-c, --capability <options>",
      `capability options, comma-separated (default: all of ${CAPABILITY_OPTIONS.join(", ")})`,
    )
    .option(
      "--com-capability <c>",
      "Commission capability: mean or max of the era's member states, or a share of the Council's total",
      "mean",
    )
    .option("--ep-capability <c>", "Parliament capability: as --com-capability", "mean")
    .option("--by <keys>", `subgroup tables, comma-separated: ${GROUP_KEYS.join(", ")}`)
    .option("--resamples <n>", "bootstrap resamples", parsePositiveInt, 1000)
    .option("--seed <n>", "bootstrap seed", parseWholeNumber, 1)
    .option("--level <p>", "coverage of the bootstrap interval", parseLevel, 0.95)
    .addOption(
      new Option(
        "--bootstrap-unit <unit>",
        "resample whole proposals (issues of one proposal are not independent) or single issues",
      )
        .choices(["issue", "proposal"])
        .default("proposal"),
    )
    .option(
      "--min-stances <n>",
      "fewest actors with position and salience to score an issue",
      parsePositiveInt,
      3,
    )
    .option("--within <points>", "threshold of the 'within' share", parsePoints, 10)
    .option("--folds <k>", "folds of the cross-validation by proposal", parsePositiveInt, 10)
    .option("--cv-seed <n>", "seed of the cross-validation folds", parseWholeNumber, 1)
    .option("--no-cv", "skip the cross-validated row of the institutional compromise")
    .option(
      "--no-rules",
      "do not attach the EU decision rules (procedural models then give no forecast)",
    )

    .option(
      "--per-issue <file>",
      "also write every forecast as a long CSV (one line per issue and row)",
    )
    .option("--html <file>", "also write a standalone HTML report with charts")
    .option(
      "--markdown <file>",
      "also write the summary as a Markdown table (e.g. docs/accuracy.md)",
    )
    .option(
      "-w, --workers <n>",
      `worker threads for the forecasts, at most the cores (here ${defaultWorkers()}); default 1: this thread`,
      parseWorkers,
    )
    .option("--no-progress", "no progress bar (it is shown only on a terminal anyway)");
  addModelOptions(command);
  addOutputOption(command);
  addQueueOption(command);
  return command.action(async (file: string, flags: BacktestFlags) => {
    const options = backtestOptions(flags);
    if (options.crossValidation && options.crossValidation.folds < 2)
      throw new UsageError("--folds must be at least 2");
    const limits = resolveLimits();
    const text = await readTextFile(file, limits);
    const dataset = readDeu(text, { file, limits });
    const result = await runBacktest(dataset, options, flags);
    const out =
      flags.format === "json"
        ? JSON.stringify(result, null, 2) + "\n"
        : flags.format === "csv"
          ? renderBacktestCsv(result)
          : renderBacktestTable(result);
    if (flags.perIssue) await writeFileAtomic(flags.perIssue, renderPerIssueCsv(result));
    if (flags.html) {
      // The chart libraries load only when a report is asked for: they slow every start.
      const { renderBacktestHtml } = await import("../report/backtest-html.js");
      await writeFileAtomic(flags.html, renderBacktestHtml(result));
    }
    if (flags.markdown)
      await writeFileAtomic(
        flags.markdown,
        renderBacktestMarkdown(result, {
          command: `\`entente backtest ${[file, ...markdownArgs(flags)].join(" ")}\``,
        }),
      );
    if (flags.output) await writeFileAtomic(flags.output, out);
    else process.stdout.write(out);
  });
}

/**
 * The backtest on the back end asked for: the queue (`--queue`, ENTENTE_QUEUE),
 * worker threads (`--workers K`, K > 1), or this thread (the default: the forecasts
 * take a few seconds on a DEU table, which threads that each load the models and
 * compile the issues barely shorten on two cores). The same result on each.
 */
async function runBacktest(
  dataset: ReturnType<typeof readDeu>,
  options: BacktestOptions,
  flags: BacktestFlags,
): Promise<BacktestResult> {
  const url = queueUrl(flags);
  const workers = flags.workers ?? 1;
  if (!url && workers === 1) return backtestDeu(dataset, options);
  const backend: ChunkBackend = url ? await openQueue(url) : new ThreadBackend({ workers });
  const bar = progressBar("forecasts", { enabled: flags.progress });
  try {
    return await backtestDeuOn(
      directContext(backend, (done, total) => bar.update(done, total)),
      dataset,
      options,
    );
  } finally {
    bar.finish();
    await backend.close();
  }
}

/** The options that shape the figures, for the Markdown page's "generated by" line. */
function markdownArgs(flags: BacktestFlags): string[] {
  const args: string[] = [];
  if (flags.model) args.push("--model", flags.model.join(","));
  if (flags.capability) args.push("--capability", flags.capability);
  if (flags.comCapability !== "mean") args.push("--com-capability", flags.comCapability);
  if (flags.epCapability !== "mean") args.push("--ep-capability", flags.epCapability);
  if (flags.by) args.push("--by", flags.by);
  if (flags.resamples !== 1000) args.push("--resamples", String(flags.resamples));
  if (flags.seed !== 1) args.push("--seed", String(flags.seed));
  if (flags.bootstrapUnit !== "proposal") args.push("--bootstrap-unit", flags.bootstrapUnit);
  if (flags.markdown) args.push("--markdown", flags.markdown);
  return args;
}
