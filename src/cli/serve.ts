/**
 * `entente serve`: the analyst's workbench (HTTP API and web app) on
 * http://127.0.0.1:PORT, with the run history in an SQLite file in the data folder.
 * Listens on the loopback interface only unless `--host` says otherwise.
 */
import { spawn } from "node:child_process";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { UsageError } from "./errors.js";
import { addLimitOptions, limitsFromFlags, type InputFlags } from "./common.js";

// The server (Hono, SQLite, the report's DOM and charts) is imported when the
// command runs, so the other commands do not pay for loading it.
const DEFAULT_PORT = 8765;
const DEFAULT_HOST = "127.0.0.1";

export interface ServeFlags {
  port: number;
  host: string;
  data: string;
  open?: boolean;
  cors?: string[];
  jobTimeout?: number;
  jobMemory?: number;
  jobQueue?: number;
  jobs?: number;
  queue?: string;
}

/** `~/.entente`, or `$ENTENTE_DATA` when set. */
export function defaultDataDir(): string {
  return process.env.ENTENTE_DATA ?? join(homedir(), ".entente");
}

export function serveCommand(): Command {
  const command = new Command("serve")
    .description(
      "start the workbench: web app and HTTP API on http://127.0.0.1:PORT, runs kept in DIR",
    )
    .option("-p, --port <port>", "port to listen on (0: any free port)", parsePort, DEFAULT_PORT)
    .option(
      "--host <host>",
      "interface to listen on; anything but loopback opens the workbench to your network",
      DEFAULT_HOST,
    )
    .option(
      "-d, --data <dir>",
      "data folder for the SQLite store (created on first start)",
      defaultDataDir(),
    )
    .option("--open", "open the workbench in the default browser")
    .option(
      "--cors <origins...>",
      "origins allowed to call the API from a browser (CORS is closed by default)",
    )
    .option(
      "--jobs <n>",
      "runs computed at once (default 2); the others wait in the queue",
      positiveInteger("--jobs"),
    )
    .option(
      "--job-queue <n>",
      "runs that may wait beyond those (default 16; more get 503 Busy)",
      positiveInteger("--job-queue", 0),
    )
    .option(
      "--job-timeout <seconds>",
      "time budget of one run (default 600)",
      positiveInteger("--job-timeout"),
    )
    .option(
      "--job-memory <mb>",
      "memory budget of each worker thread (default 1024)",
      positiveInteger("--job-memory", 64),
    )
    .option(
      "--queue <url>",
      "compute runs' chunks on `entente worker` processes through the queue at redis://HOST:PORT (default: $ENTENTE_QUEUE)",
    );
  addLimitOptions(command);
  return command.action(async (flags: ServeFlags & InputFlags) => {
    const dataDir = resolve(flags.data);
    const { startServer, isLoopback } = await import("../server/serve.js");
    const server = await startServer({
      dataDir,
      port: flags.port,
      host: flags.host,
      corsOrigins: flags.cors,
      limits: limitsFromFlags(flags),
      queue: flags.queue ?? (process.env.ENTENTE_QUEUE || undefined),
      jobs: {
        maxRunning: flags.jobs,
        maxQueued: flags.jobQueue,
        timeBudgetMs: flags.jobTimeout !== undefined ? flags.jobTimeout * 1000 : undefined,
        memoryMb: flags.jobMemory,
      },
    }).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRINUSE")
        throw new UsageError(`port ${flags.port} is in use; choose another with --port`);
      if (e.code === "EADDRNOTAVAIL") throw new UsageError(`cannot listen on host '${flags.host}'`);
      throw e;
    });
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(`entente workbench: ${server.url}/`);
    out(`  data: ${join(dataDir, "entente.sqlite")}${server.store.created ? " (created)" : ""}`);
    if (server.seeded.length > 0)
      out(`  library seeded with ${server.seeded.length} shipped scenario(s)`);
    out(`  API: ${server.url}/api (OpenAPI: ${server.url}/api/openapi.yaml)`);
    if (!server.webBuilt)
      out(
        "  the web app is not built: run `npm run build:web`, then restart (serving the API only)",
      );
    if (!isLoopback(flags.host))
      out(
        `  warning: listening on ${flags.host}, reachable from other machines; the API has no authentication`,
      );
    out("Press Ctrl+C to stop.");
    if (flags.open) openBrowser(`${server.url}/`);
    await new Promise<void>((done) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        void server.close().then(done);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
  });
}

function positiveInteger(flag: string, min = 1): (text: string) => number {
  return (text) => {
    if (!/^[0-9]{1,9}$/.test(text) || Number(text) < min)
      throw new UsageError(`${flag} must be a whole number of at least ${min}, not '${text}'`);
    return Number(text);
  };
}

function parsePort(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`'${text}' is not a port (0–65535)`);
  return n;
}

function openBrowser(url: string): void {
  const [command, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", "", url]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(command, args, { stdio: "ignore", detached: true });
    child.on("error", () =>
      process.stdout.write(`(could not open a browser; open ${url} yourself)\n`),
    );
    child.unref();
  } catch {
    process.stdout.write(`(could not open a browser; open ${url} yourself)\n`);
  }
}
