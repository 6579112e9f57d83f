/**
 * Accessibility checks with axe-core (Deque) in a Playwright page: the rules of WCAG
 * 2.1 A and AA and axe's best practices, and the violations of serious or critical
 * impact as short lines a test can compare with `[]`.
 *
 * axe's source is evaluated through the DevTools protocol, which the page's Content
 * Security Policy does not apply to, so the app's own policy stays in force.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * The serious and critical violations on the page (or inside `selector`), one line
 * each: the rule, what it asks, and up to three elements that break it.
 */
export async function seriousViolations(page: Page, selector?: string): Promise<string[]> {
  if (!(await page.evaluate<boolean>("typeof window.axe === 'object'")))
    await page.evaluate(axeSource);
  const violations = await page.evaluate<AxeViolation[]>(`(async () => {
    const result = await window.axe.run(${JSON.stringify(selector ?? "html")}, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  })()`);
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(", ")}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ""}`,
    );
}
