/** `entente explain FILE --issue ID`: the forecasts of one issue, and the rounds as sentences. */
import { Command } from "commander";
import {
  addInputOptions,
  addModelOptions,
  addOutputOption,
  loadInputFromFlags,
  runRequest,
  type InputFlags,
  type ModelFlags,
} from "./common.js";
import { runScenario } from "../run.js";
import { explainIssue } from "../report/explain.js";
import { InputError } from "../scenario/problems.js";
import { writeFileAtomic } from "../scenario/save.js";

export function explainCommand(): Command {
  const command = new Command("explain")
    .description(
      "explain one issue: the stances, each model's forecast, and every round of the dynamic models in words",
    )
    .argument("<file>", "scenario file")
    .option(
      "-i, --issue <id>",
      "the issue to explain (may be left out when the scenario has one issue)",
    );
  addInputOptions(command);
  addModelOptions(command);
  addOutputOption(command);
  return command.action(
    async (file: string, flags: InputFlags & ModelFlags & { issue?: string; output?: string }) => {
      const { scenario, modelOptions } = await loadInputFromFlags(file, flags);
      const issueIds = scenario.issues.map((i) => i.id);
      const issue = flags.issue ?? (issueIds.length === 1 ? issueIds[0] : undefined);
      if (issue === undefined)
        throw new InputError([
          {
            file,
            path: ["--issue"],
            message: `name the issue to explain (--issue ID); issues: ${issueIds.join(", ")}`,
          },
        ]);
      if (!issueIds.includes(issue))
        throw new InputError([
          {
            file,
            path: ["--issue"],
            message: `unknown issue '${issue}'; issues: ${issueIds.join(", ")}`,
          },
        ]);
      const result = runScenario(scenario, runRequest(flags, modelOptions));
      const text = explainIssue({ scenario, issue, runs: result.runs }).join("\n") + "\n";
      if (flags.output) await writeFileAtomic(flags.output, text);
      else process.stdout.write(text);
    },
  );
}
