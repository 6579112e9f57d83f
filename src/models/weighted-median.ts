/**
 * Weighted median ("median voter", Black 1948): the position at which the
 * cumulative weight `c_i s_i`, in order of position, first reaches half the total
 * (models.md §1). Equal positions pool their weight; an exact half takes the lower
 * position.
 */
import { z } from "zod";
import type { Model } from "./types.js";
import { forecastOrNote, NO_WEIGHT, runPerIssue } from "./per-issue.js";
import { effectivePower, weightedMedian } from "./weights.js";

const Options = z.object({}).strict();

export const weightedMedianModel: Model<z.infer<typeof Options>> = {
  id: "weighted-median",
  name: "Weighted median",
  summary:
    "The outcome is the position of the weighted median actor (weights capability × salience).",
  reference: "Black (1948), J. Political Economy 56(1); Achen (2006) in The European Union Decides",
  dynamic: false,
  options: Options,
  run: (scenario, options) =>
    runPerIssue("weighted-median", options, scenario, (issue) =>
      forecastOrNote(
        issue.id,
        weightedMedian(issue.position, effectivePower(issue.capability, issue.salience)),
        NO_WEIGHT,
      ),
    ),
};
