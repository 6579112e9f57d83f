/**
 * Compromise model: the salience- and capability-weighted mean of positions,
 * `sum_i c_i s_i x_i / sum_i c_i s_i` (Achen 2006, "Evaluating political
 * decision-making models", in Thomson et al. eds., The European Union Decides,
 * eq. 1; van den Bos 1991). The best-performing simple model on the DEU data.
 */
import { z } from "zod";
import type { Model } from "./types.js";
import { forecastOrNote, NO_WEIGHT, runPerIssue } from "./per-issue.js";
import { effectivePower, weightedMean } from "./weights.js";

const Options = z.object({}).strict();

export const compromiseModel: Model<z.infer<typeof Options>> = {
  id: "compromise",
  name: "Compromise (weighted mean)",
  summary: "The outcome is the mean of positions weighted by capability × salience.",
  reference: "Achen (2006) in Thomson et al., The European Union Decides, eq. 1",
  dynamic: false,
  options: Options,
  run: (scenario, options) =>
    runPerIssue("compromise", options, scenario, (issue) =>
      forecastOrNote(
        issue.id,
        weightedMean(issue.position, effectivePower(issue.capability, issue.salience)),
        NO_WEIGHT,
      ),
    ),
};
