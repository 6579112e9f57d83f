#!/usr/bin/env node
/** The executable behind `entente` (package.json "bin"). */
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));
