/** `entente models`: the registry, with each model's rule, source and options. */
import { Command } from "commander";
import { z } from "zod";
import { listModels } from "../models/registry.js";

export function modelsCommand(): Command {
  return new Command("models")
    .description("list the models, their rules, sources and options")
    .action(() => {
      for (const m of listModels()) {
        process.stdout.write(
          `${m.id}${m.dynamic ? " (dynamic)" : ""}: ${m.name}\n  ${m.summary}\n  Source: ${m.reference}\n`,
        );
        const json = z.toJSONSchema(m.options, { io: "input" }) as {
          properties?: Record<
            string,
            { description?: string; default?: unknown; enum?: unknown[] }
          >;
        };
        for (const [key, p] of Object.entries(json.properties ?? {}))
          process.stdout.write(
            `  --option ${m.id}.${key}=…  ${p.description ?? ""}${p.enum ? ` [${p.enum.join("|")}]` : ""}${p.default !== undefined ? ` (default ${JSON.stringify(p.default)})` : ""}\n`,
          );
      }
    });
}
