/**
 * `entente fit-errors TABLE [--output FILE]`: refits the headline's error model on a
 * DEU table (`src/analysis/error-model.ts`) and writes it with its provenance;
 * `npm run fit:errors` refits the shipped `data/error-model.json` from
 * `data/deu3-dev.tsv`.
 */
import { readFile } from "node:fs/promises";
import { Command } from "commander";
import { parsePositiveInt } from "./common.js";
import { UsageError } from "./errors.js";
import { buildErrorModelFile } from "../analysis/error-model-fit.js";
import { InputError } from "../scenario/problems.js";
import { writeFileAtomic } from "../scenario/save.js";

export function fitErrorsCommand(): Command {
  return new Command("fit-errors")
    .description(
      "fit the headline's error model (out-of-sample residuals of the compromise model) on a DEU table",
    )
    .argument("<table>", "DEU table (e.g. data/deu3-dev.tsv)")
    .option("--output <file>", "write the model to this file (atomically) instead of the terminal")
    .option("--folds <k>", "folds of the cross-validation by proposal", parsePositiveInt, 10)
    .option("--seed <n>", "seed of the folds", parsePositiveInt, 1)
    .action(async (table: string, flags: { output?: string; folds: number; seed: number }) => {
      if (flags.folds < 2) throw new UsageError("--folds must be at least 2");
      let text: string;
      try {
        text = await readFile(table, "utf8");
      } catch (e) {
        throw new InputError([
          { file: table, path: [], message: `cannot read the file: ${(e as Error).message}` },
        ]);
      }
      const file = buildErrorModelFile(text, { table, folds: flags.folds, seed: flags.seed });
      const out = JSON.stringify(file, null, 1) + "\n";
      if (flags.output) {
        await writeFileAtomic(flags.output, out);
        const s = file.selection;
        process.stderr.write(
          `${flags.output}: ${file.provenance.issues} issues, ${file.provenance.proposals.length} proposals; ${s.variants} variants tried; shipped ${s.shipped} (${s.reason})\n`,
        );
      } else process.stdout.write(out);
    });
}
