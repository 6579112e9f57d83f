/**
 * The shipped error model as data: `data/error-model.json`, written by
 * `npm run fit:errors` (`entente fit-errors data/deu3-dev.tsv --output
 * data/error-model.json`) with its provenance (the table, its SHA-256, the date,
 * the entente version, the command, the number of issues and proposals, the folds
 * and seed of the selection), and read back here for the headline.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { InputError } from "../scenario/problems.js";
import {
  ERROR_CONDITIONS,
  ERROR_SCALINGS,
  type ErrorModelSelection,
  type FittedErrorModel,
} from "./error-model.js";

export const ERROR_MODEL_FILE = "data/error-model.json";
export const FIT_ERRORS_COMMAND =
  "npm run fit:errors (entente fit-errors data/deu3-dev.tsv --output data/error-model.json)";

const ErrorModelFileSchema = z.object({
  kind: z.literal("entente-error-model"),
  format: z.literal(1),
  pointModel: z.string(),
  pointModelNote: z.string(),
  provenance: z.object({
    table: z.string(),
    sha256: z.string(),
    date: z.string(),
    entente: z.string(),
    command: z.string(),
    issues: z.number().int(),
    proposals: z.array(z.string()),
    folds: z.number().int(),
    seed: z.number().int(),
  }),
  selection: z.object({
    variants: z.number().int(),
    crossValidatedCrps: z.record(z.string(), z.number()),
    nested: z.object({ crps: z.number(), chosen: z.record(z.string(), z.number()) }),
    defaultCrps: z.number(),
    shipped: z.string(),
    reason: z.string(),
  }),
  model: z.object({
    variant: z.object({ scaling: z.enum(ERROR_SCALINGS), condition: z.enum(ERROR_CONDITIONS) }),
    cut: z.number().nullable(),
    bins: z.array(z.array(z.number()).min(1)).min(1),
    climatology: z.array(z.number()).min(1),
  }),
});

export type ErrorModelFile = z.infer<typeof ErrorModelFileSchema> & {
  selection: ErrorModelSelection;
  model: FittedErrorModel;
};

/** Parses an error-model file; problems are located in the file. */
export function parseErrorModelFile(text: string, file: string): ErrorModelFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError([{ file, path: [], message: `not JSON: ${(e as Error).message}` }]);
  }
  const parsed = ErrorModelFileSchema.safeParse(data);
  if (!parsed.success)
    throw new InputError(
      parsed.error.issues.map((i) => ({ file, path: i.path.map(String), message: i.message })),
    );
  return parsed.data as ErrorModelFile;
}

let shipped: ErrorModelFile | undefined;

/** The error model shipped in `data/error-model.json` (read once). */
export function shippedErrorModel(): ErrorModelFile {
  if (!shipped) {
    const url = new URL("../../data/error-model.json", import.meta.url);
    let text: string;
    try {
      text = readFileSync(url, "utf8");
    } catch (e) {
      throw new InputError([
        {
          file: ERROR_MODEL_FILE,
          path: [],
          message: `cannot read the shipped error model (${(e as Error).message}); refit it with ${FIT_ERRORS_COMMAND}`,
        },
      ]);
    }
    shipped = parseErrorModelFile(text, ERROR_MODEL_FILE);
  }
  return shipped;
}
