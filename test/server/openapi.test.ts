/** openapi.yaml documents every route of the app, and nothing the app lacks. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createApp } from "../../src/server/app.js";
import { openStore } from "../../src/store/index.js";

const doc = parse(readFileSync(new URL("../../openapi.yaml", import.meta.url), "utf8")) as {
  openapi: string;
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
};

describe("openapi.yaml", () => {
  const app = createApp({ store: openStore({ file: ":memory:" }), webDir: null });
  const routes = app.routes
    .filter(
      (r) => ["GET", "POST", "PUT", "DELETE"].includes(r.method) && r.path.startsWith("/api/"),
    )
    .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((k) => ["get", "post", "put", "delete"].includes(k))
      .map((method) => `${method} ${path}`),
  );

  it("is OpenAPI 3.1", () => {
    expect(doc.openapi).toBe("3.1.0");
  });

  it("documents every route", () => {
    expect([...new Set(routes)].sort()).toEqual([...documented].sort());
  });

  it("states responses for every operation and resolves every reference", () => {
    const text = JSON.stringify(doc);
    for (const ref of text.match(/"#\/components\/[^"]+"/g) ?? []) {
      const [, section, name] = ref.replace(/"/g, "").split("/").slice(1);
      expect(
        (doc.components as Record<string, Record<string, unknown>>)[section]?.[name],
        ref,
      ).toBeDefined();
    }
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops))
        if (method !== "parameters")
          expect(Object.keys(op.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(0);
  });
});
