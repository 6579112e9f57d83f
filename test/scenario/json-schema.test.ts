import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scenarioJsonSchema } from "../../src/scenario/json-schema.js";
import { repoFile } from "../support/fixtures.js";

describe("published JSON Schema", () => {
  it("schema/scenario.schema.json is generated from the zod schema (run `npm run schema` after changing it)", () => {
    expect(readFileSync(repoFile("schema/scenario.schema.json"), "utf8")).toBe(
      scenarioJsonSchema(),
    );
  });

  it("describes the scenario's parts", () => {
    const schema = JSON.parse(scenarioJsonSchema());
    expect(schema.required).toEqual(
      expect.arrayContaining(["entente", "metadata", "actors", "issues", "stances"]),
    );
    expect(schema.properties.stances.items.properties.salience.maximum).toBe(100);
  });
});
