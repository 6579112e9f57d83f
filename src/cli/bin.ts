#!/usr/bin/env node
/** The executable behind `entente` (package.json "bin"). */
import { main } from "./main.js";

// A reader that stops early (`entente run … | head`) closes the pipe: stop quietly,
// as command-line tools do, rather than with a stack trace.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });

process.exitCode = await main(process.argv.slice(2));
