/**
 * Procedural models: decision rules, win sets, veto players and agenda setters
 * (Tsebelis 2002; Romer & Rosenthal 1978; Krehbiel 1998; Crombez 1996; Tsebelis &
 * Garrett 2000). See `models.ts` for the models, `spatial.ts` for the theory,
 * `eu.ts` for the rules of EU legislation.
 */
import { registerExplainer } from "../../report/explain.js";
import { explainProcedural } from "./explain.js";
import { PROCEDURAL_MODEL_IDS } from "./models.js";

export {
  proceduralModels,
  createWinSetModel,
  createConstrainedModel,
  vetoCoreModel,
  agendaSetterModel,
  PROCEDURAL_MODEL_IDS,
  type ModelLookup,
  type WinSetOptions,
  type VetoCoreOptions,
  type AgendaSetterOptions,
  type ConstrainedOptions,
} from "./models.js";
export {
  prepareIssue,
  describeRule,
  NO_RULE,
  NO_REFERENCE_POINT,
  type ProceduralDetails,
  type PreparedIssue,
  type Preparation,
} from "./analysis.js";
export {
  analyseWinSet,
  coreOf,
  pivotIdeals,
  gameOfRule,
  gameOfAmendment,
  passes,
  passesPath,
  winsVote,
  setterOutcome,
  clamp,
  intersect,
  type Interval,
  type Ideals,
  type Side,
  type WinSetAnalysis,
  type ProceduralGame,
  type DecisionPath,
  type VoteGame,
  type SetterOutcome,
} from "./spatial.js";
export {
  councilQmv,
  councilVote,
  euDecisionRule,
  type CouncilQmv,
  type MissingMembers,
  type EuRuleOptions,
  type EuIssueProcedure,
  type EuRule,
} from "./eu.js";
export { explainProcedural } from "./explain.js";

/** Adds the procedural explainer to `entente explain` for every procedural model id. */
export function registerProceduralExplainers(): void {
  for (const id of PROCEDURAL_MODEL_IDS) registerExplainer(id, explainProcedural);
}
