/**
 * Decision rules of an issue (who proposes, who must consent, weighted votes):
 * the input of the procedural models. Placeholder shape; see issue "Who can block".
 */
import { z } from "zod";

export const DecisionRule = z.object({}).strict().describe("How the issue is decided.");
export type DecisionRule = z.infer<typeof DecisionRule>;
