/**
 * Writes `schema/scenario.schema.json` from the zod schema (`npm run schema`), so
 * editors can check and complete scenario files. A test keeps the file in step.
 */
import { fileURLToPath } from "node:url";
import { scenarioJsonSchema } from "./json-schema.js";
import { writeFileAtomic } from "./save.js";

const target = fileURLToPath(new URL("../../schema/scenario.schema.json", import.meta.url));
await writeFileAtomic(target, scenarioJsonSchema());
process.stdout.write(`wrote ${target}\n`);
