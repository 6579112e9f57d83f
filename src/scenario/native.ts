/**
 * The native scenario files, YAML and JSON (one structure, see schema.ts). Both are
 * parsed with the `yaml` package (JSON is a subset of YAML 1.2), which keeps every
 * node's place in the text, so each validation problem can name its line.
 */
import { isNode, LineCounter, parseDocument, stringify } from "yaml";
import type { Problem } from "./problems.js";
import { InputError } from "./problems.js";
import type { Scenario } from "./schema.js";
import { validateScenario } from "./validate.js";

export function readNativeScenario(text: string, file?: string): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0)
    throw new InputError(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return {
          file,
          line: pos.line,
          column: pos.col,
          path: [],
          message: e.message.split("\n")[0],
        };
      }),
    );
  const data: unknown = doc.toJS();
  if (data === null || data === undefined)
    throw new InputError([
      {
        file,
        path: [],
        message: "the file is empty: a scenario needs metadata, actors, issues and stances",
      },
    ]);
  const result = validateScenario(data);
  if (result.ok) return result.scenario;
  const located = result.problems.map((p): Problem => {
    // Point at the deepest node of the path that exists in the document.
    for (let depth = p.path.length; depth >= 0; depth--) {
      const node = doc.getIn(p.path.slice(0, depth), true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { ...p, file, line: pos.line, column: pos.col };
      }
    }
    return { ...p, file };
  });
  throw new InputError(located);
}

export function writeYamlScenario(scenario: Scenario): string {
  return stringify(scenario, { lineWidth: 100 });
}

export function writeJsonScenario(scenario: Scenario): string {
  return JSON.stringify(scenario, null, 2) + "\n";
}
