/**
 * The model registry: every model under its id, one interface (`Model`). The CLI,
 * the analyses and the library API look models up here and nowhere else.
 */
import type { Model } from "./types.js";
import { statusQuoModel } from "./status-quo.js";
import { compromiseModel } from "./compromise.js";
import { weightedMedianModel } from "./weighted-median.js";
import { strongestActorModel } from "./strongest-actor.js";
import { expectedUtilityModel } from "./expected-utility.js";
import { nashModel } from "./nash.js";
import { institutionalCompromiseModel } from "./institutional-compromise.js";
import { smpModel } from "./smp/model.js";
import { exchangeModel } from "./exchange/model.js";
import { explainExchange } from "./exchange/explain.js";
import { registerExplainer } from "../report/explain.js";
import { proceduralModels, registerProceduralExplainers } from "./procedural/index.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModel = Model<any>;

const models: AnyModel[] = [
  statusQuoModel,
  compromiseModel,
  weightedMedianModel,
  strongestActorModel,
  expectedUtilityModel,
  nashModel,
  institutionalCompromiseModel,
  smpModel,
  exchangeModel,
  // The procedural models take the registry's lookup, to build on any other model.
  ...proceduralModels(findModel),
];
registerProceduralExplainers();
registerExplainer("exchange", explainExchange);

/** Models run when the user names none. */
export const DEFAULT_MODELS = [
  "status-quo",
  "compromise",
  "weighted-median",
  "strongest-actor",
  "expected-utility",
];

export function listModels(): AnyModel[] {
  return [...models];
}

export function findModel(id: string): AnyModel | undefined {
  return models.find((m) => m.id === id);
}

/** Add a model (for plug-ins and for models that live in their own folder). */
export function registerModel(model: AnyModel): void {
  if (findModel(model.id)) throw new Error(`a model with id '${model.id}' is already registered`);
  models.push(model);
}
