/**
 * The `entente` command. Each subcommand lives in its own file; this one wires them
 * up and maps failures to exit codes (see errors.ts): 0 ok, 1 input problems,
 * 2 command-line mistakes.
 */
import { Command, CommanderError } from "commander";
import { VERSION } from "../version.js";
import { EXIT_USAGE, reportError } from "./errors.js";
import { runCommand } from "./run.js";
import { explainCommand } from "./explain.js";
import { validateCommand } from "./validate.js";
import { convertCommand } from "./convert.js";
import { modelsCommand } from "./models.js";
import { backtestCommand } from "./backtest.js";
import { serveCommand } from "./serve.js";
import { simulateCommand } from "./simulate.js";
import { sensitivityCommand } from "./sensitivity.js";
import { compareCommand } from "./compare.js";
import { fitErrorsCommand } from "./fit-errors.js";
import { adviseCommand } from "./advise.js";
import { workerCommand } from "./worker.js";

export function buildProgram(): Command {
  const program = new Command("entente")
    .description(
      "Forecast the outcome of negotiations among many actors with the field's established models.",
    )
    .version(VERSION)
    .addHelpText(
      "after",
      "\nExit codes: 0 success; 1 the input has problems (each printed with file, line and field); 2 the command line is wrong.",
    );
  for (const command of [
    runCommand(),
    explainCommand(),
    validateCommand(),
    convertCommand(),
    modelsCommand(),
    simulateCommand(),
    sensitivityCommand(),
    compareCommand(),
    backtestCommand(),
    fitErrorsCommand(),
    adviseCommand(),
    serveCommand(),
    workerCommand(),
  ])
    program.addCommand(command);
  program.exitOverride();
  for (const c of program.commands) c.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version output are successes; everything else is a usage mistake.
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      )
        return 0;
      return EXIT_USAGE;
    }
    return reportError(e);
  }
}
