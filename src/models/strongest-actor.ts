/**
 * Position of the most powerful actor: the actor with the largest `c_i s_i` gets its
 * way (a naive benchmark, models.md §1; cf. the "power base" model in Thomson et al.
 * 2006). Ties between equally strong actors are split by taking the mean of their
 * positions, so the result does not depend on the order of the actors.
 */
import { z } from "zod";
import type { Model } from "./types.js";
import { NO_WEIGHT, runPerIssue } from "./per-issue.js";

const Options = z.object({}).strict();

export const strongestActorModel: Model<z.infer<typeof Options>> = {
  id: "strongest-actor",
  name: "Strongest actor",
  summary: "The outcome is the position of the actor with the largest capability × salience.",
  reference: "Thomson et al. (2006), The European Union Decides (naive power benchmark)",
  dynamic: false,
  options: Options,
  run: (scenario, options) =>
    runPerIssue("strongest-actor", options, scenario, (issue) => {
      let best = 0;
      const strongest: number[] = [];
      for (let i = 0; i < issue.actorIds.length; i++) {
        const w = issue.capability[i] * issue.salience[i];
        if (w > best) {
          best = w;
          strongest.length = 0;
        }
        if (w === best && w > 0) strongest.push(i);
      }
      if (strongest.length === 0) return { issue: issue.id, forecast: null, note: NO_WEIGHT };
      const forecast = strongest.reduce((sum, i) => sum + issue.position[i], 0) / strongest.length;
      return {
        issue: issue.id,
        forecast,
        strongest: strongest.map((i) => issue.actorIds[i]),
        ...(strongest.length > 1
          ? { note: "tie between equally strong actors: mean of their positions" }
          : {}),
      };
    }),
};
