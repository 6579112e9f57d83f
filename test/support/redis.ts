/**
 * A Redis for the queue tests: $ENTENTE_TEST_REDIS when set (CI starts one, see
 * .ci/run), else a private redis-server on a random loopback port when the binary is
 * installed (Debian's redis-server). `privateRedis` always starts its own (for tests
 * that stop it).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createConnection } from "node:net";

export const REDIS_BINARY = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => {
      socket.write("PING\r\n");
    });
    socket.once("data", (d) => {
      socket.destroy();
      resolve(d.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
  });
}

export async function privateRedis(): Promise<TestRedis> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 30_000 + Math.floor(Math.random() * 20_000);
    const child: ChildProcess = spawn(
      REDIS_BINARY,
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    let exited = false;
    child.once("exit", () => (exited = true));
    for (let i = 0; i < 100 && !exited; i++) {
      if (await answers(port))
        return {
          url: `redis://127.0.0.1:${port}`,
          port,
          stop: () =>
            new Promise<void>((resolve) => {
              if (exited) return resolve();
              child.once("exit", () => resolve());
              child.kill("SIGKILL");
            }),
        };
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGKILL");
  }
  throw new Error(`could not start ${REDIS_BINARY} on a free port`);
}

/** The shared test Redis; undefined when there is none (the tests skip, except under CI). */
export async function testRedis(): Promise<TestRedis | undefined> {
  const given = process.env.ENTENTE_TEST_REDIS;
  if (given) return { url: given, port: Number(new URL(given).port), stop: async () => {} };
  if (existsSync(REDIS_BINARY)) return privateRedis();
  if (process.env.CI)
    throw new Error(
      `the queue tests need Redis under CI: set ENTENTE_TEST_REDIS or install redis-server (${REDIS_BINARY})`,
    );
  return undefined;
}

export const haveRedis = Boolean(process.env.ENTENTE_TEST_REDIS) || existsSync(REDIS_BINARY);
