/**
 * Status quo model: the forecast is the issue's reference point `rp_k` (models.md §1).
 * The yardstick every other model must beat: "nothing changes". Issues without a
 * reference point get no forecast.
 */
import { z } from "zod";
import type { Model } from "./types.js";
import { runPerIssue } from "./per-issue.js";

const Options = z.object({}).strict();

export const statusQuoModel: Model<z.infer<typeof Options>> = {
  id: "status-quo",
  name: "Status quo",
  summary: "The outcome is the reference point: nothing changes.",
  reference: "Thomson et al. (2006), The European Union Decides, ch. 1 (reference-point benchmark)",
  dynamic: false,
  options: Options,
  run: (scenario, options) =>
    runPerIssue("status-quo", options, scenario, (issue) =>
      issue.referencePoint === undefined
        ? { issue: issue.id, forecast: null, note: "the issue has no reference point" }
        : { issue: issue.id, forecast: issue.referencePoint },
    ),
};
