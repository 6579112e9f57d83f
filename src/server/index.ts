/** The workbench server: the HTTP API and web app (app.ts), and how to start it (serve.ts). */
export { createApp, DEFAULT_BODY_LIMIT, LOOPBACK_HOSTS, type AppOptions } from "./app.js";
export {
  startServer,
  DEFAULT_HOST,
  DEFAULT_PORT,
  isLoopback,
  type RunningServer,
  type StartOptions,
} from "./serve.js";
export { seedLibrary, defaultScenariosDir } from "./seed.js";
export { defaultWebDir } from "./static.js";
export { executeRun, describeModels, RunSpec } from "./runs.js";
