import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { repoFile } from "../support/fixtures.js";

describe("the built `entente` executable", () => {
  it("stops quietly, exit code 0, when its reader closes the pipe early (`| head`)", async () => {
    // Built by `npm test` before vitest runs.
    const child = spawn(
      process.execPath,
      [
        repoFile("dist/cli/bin.js"),
        "run",
        repoFile("scenarios/us-russia-reset-2016.yaml"),
        "-f",
        "json",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // Read the first chunk of the (250 kB) output, then close the pipe.
    await new Promise<void>((resolve) =>
      child.stdout.once("data", () => {
        child.stdout.destroy();
        resolve();
      }),
    );
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
