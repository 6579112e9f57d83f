/**
 * Starting the workbench: open (or create, with migrations) the store in the data
 * folder, seed it on first start, build the app and listen on 127.0.0.1 (or the
 * host asked for). Used by `entente serve`, the browser tests and the benchmark.
 */
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { openDataStore, type Store } from "../store/index.js";
import { createApp, LOOPBACK_HOSTS } from "./app.js";
import type { Limits } from "../scenario/limits.js";
import { seedLibrary } from "./seed.js";
import { RunService, type RunServiceOptions } from "./runs.js";
import { defaultWebDir } from "./static.js";

export interface StartOptions {
  /** The data folder (created if missing); holds entente.sqlite. */
  dataDir: string;
  /** 0 for any free port. */
  port?: number;
  /** Default 127.0.0.1; anything else opens the server to the network. */
  host?: string;
  webDir?: string | null;
  corsOrigins?: string[];
  bodyLimit?: number;
  /** Add the shipped scenarios on first start (default true). */
  seed?: boolean;
  log?: (line: string) => void;
  /** Models and analyses in this thread instead of worker threads (tests). */
  inProcessAnalyses?: boolean;
  /** Budgets and bounds of the jobs (worker threads, memory, time, queue). */
  jobs?: Omit<RunServiceOptions, "inProcess" | "backend">;
  /** Send the jobs' chunks to this queue (redis://HOST:PORT) instead of worker threads. */
  queue?: string;
  /** Input limits for imports and validation (defaults: src/scenario/limits.ts). */
  limits?: Partial<Limits>;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  store: Store;
  /** Scenario ids added by seeding at this start. */
  seeded: string[];
  /** Whether the web app was found (else only the API is served). */
  webBuilt: boolean;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8765;
export const DEFAULT_HOST = "127.0.0.1";

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const store = openDataStore(options.dataDir);
  const seeded = options.seed === false ? [] : seedLibrary(store);
  const webDir = options.webDir === undefined ? defaultWebDir() : options.webDir;
  const webBuilt = webDir !== null && existsSync(join(webDir, "index.html"));
  const backend = options.queue
    ? await (await import("../jobs/queue.js")).QueueBackend.connect(options.queue)
    : undefined;
  const runs = new RunService({
    ...options.jobs,
    inProcess: options.inProcessAnalyses ?? false,
    backend,
  });
  const app = createApp({
    store,
    runs,
    webDir,
    corsOrigins: options.corsOrigins,
    bodyLimit: options.bodyLimit,
    limits: options.limits,
    allowedHosts: isLoopback(host) ? [...LOOPBACK_HOSTS, host] : "any",
    log: options.log,
  });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? DEFAULT_PORT, hostname: host }, () =>
      resolve(s),
    );
    s.once("error", reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    host,
    store,
    seeded,
    webBuilt,
    close: () =>
      new Promise<void>((resolve) => {
        if ("closeAllConnections" in server) server.closeAllConnections();
        server.close(() => {
          void runs.close().finally(() => {
            store.close();
            resolve();
          });
        });
      }),
  };
}
