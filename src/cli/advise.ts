import { Command } from "commander";
export function adviseCommand(): Command {
  return new Command("advise");
}
