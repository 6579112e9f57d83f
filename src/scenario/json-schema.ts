/** The published JSON Schema of the scenario format, generated from the zod schema. */
import { z } from "zod";
import { Scenario } from "./schema.js";

export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(Scenario, { io: "input", target: "draft-2020-12" }) as Record<
    string,
    unknown
  >;
  return (
    JSON.stringify(
      {
        title: "entente scenario",
        description:
          "A negotiation: actors, issues on a scale, and each actor's stance (position, salience) on each issue.",
        ...schema,
      },
      null,
      2,
    ) + "\n"
  );
}
