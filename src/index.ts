/**
 * entente's library API: load, validate, run and explain, for users who call
 * entente from their own code. See the README's "Library" section for an example.
 */
export { Scenario as ScenarioSchema } from "./scenario/schema.js";
export type { Scenario, Actor, Issue, Stance, Metadata, Anchor } from "./scenario/schema.js";
export { validateScenario, type ValidationResult } from "./scenario/validate.js";
export { InputError, formatProblem, formatProblems, type Problem } from "./scenario/problems.js";
export {
  loadScenario,
  loadInput,
  parseScenario,
  parseInputBytes,
  serializeScenario,
  serializeScenarioBytes,
  detectFormat,
  FORMATS,
  ALL_FORMATS,
  type Format,
  type AnyFormat,
  type LoadedInput,
  type ReadOptions,
  type WriteOptions,
} from "./scenario/formats.js";
export { writeFileAtomic } from "./scenario/save.js";
export {
  conversionLosses,
  FORMAT_CAPABILITIES,
  type Loss,
  type ScenarioField,
} from "./scenario/capabilities.js";
export { compileScenario, type CompiledScenario, type CompiledIssue } from "./scenario/compile.js";
export { runScenario, resolveModels, type RunRequest, type RunResult } from "./run.js";
export { listModels, findModel, registerModel, DEFAULT_MODELS } from "./models/registry.js";
export type { Model, ModelRun, IssueRun, Round, Move } from "./models/types.js";
export {
  runExpectedUtility,
  ExpectedUtilityOptions,
  type ExpectedUtilityRound,
  type ExpectedUtilityMove,
} from "./models/expected-utility.js";
export { weightedMean, weightedMedian } from "./models/weights.js";
export { explainIssue, registerExplainer, type Explainer } from "./report/explain.js";
export { renderForecastTable, renderForecastCsv, forecastRows } from "./report/forecast-table.js";
export { VERSION } from "./version.js";
export { expectedUtilityForecast, challengeExpectations } from "./models/expected-utility.js";
export { simulate, parseThreshold, drawsCsv } from "./analysis/montecarlo.js";
export { tornado, sobolIndices } from "./analysis/sensitivity.js";
export { applyWhatIf } from "./scenario/what-ifs.js";
export { compareWhatIfs } from "./analysis/whatif.js";
export { backtestDeu, backtestDeuText } from "./analysis/backtest.js";
export { computeHeadline, type HeadlineIssue, type HeadlineOptions } from "./analysis/headline.js";
export { advise, type Advice, type AdviseOptions } from "./analysis/advise.js";
export { readDeu, scoredDeuIssues } from "./scenario/import/deu.js";
export { powerIndices, shapleyShubikIndex, banzhafIndex } from "./institutions/power-indices.js";
export { DEFAULT_LIMITS, resolveLimits, type Limits } from "./scenario/limits.js";
