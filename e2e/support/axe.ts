import { createRequire } from "node:module";
import { expect, type Page } from "@playwright/test";
import type { AxeResults, Result } from "axe-core";
import { expectKeyboardReachable } from "./keyboard";

const axePath = createRequire(import.meta.url).resolve("axe-core");

/** Impacts that fail a page: serious and critical (minor and moderate are left to review). */
const FAILING_IMPACTS = new Set(["serious", "critical"]);

/**
 * Runs axe-core on the page as it is now, in the light and the dark colour scheme (the app
 * follows the system's), and fails with every serious or critical violation listed: rule, help,
 * and each offending element with axe's own summary (contrast ratios, colours). Then the keyboard:
 * every visible control is reached with Tab and shows its focus (expectKeyboardReachable).
 */
export async function expectAccessible(page: Page, label = new URL(page.url()).pathname) {
  const failures: string[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const violations = await runAxe(page);
    failures.push(...violations.map((violation) => describe(violation, `${label} (${colorScheme})`)));
  }
  await page.emulateMedia({ colorScheme: null });
  await expectKeyboardReachable(page, label);
  // Soft: one run reports every page's violations, not only the first page's.
  expect.soft(failures.length, failures.join("\n\n")).toBe(0);
}

/**
 * Logs are shown whole and fully rendered while axe runs: a line scrolled out of its log box, or
 * skipped by content-visibility, has nothing painted at its position but the page behind the
 * box, and axe then measures light log text against the light page (a contrast no user sees).
 * Whole, every line is measured on the log's own dark background.
 */
const WHOLE_LOGS = '[role="log"] { max-height: none !important; overflow: visible !important; } [role="log"] * { content-visibility: visible !important; }';

async function runAxe(page: Page): Promise<Result[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axePath });
  const results = await page.evaluate(async (css) => {
    const style = document.createElement("style");
    style.textContent = css;
    document.head.append(style);
    try {
      return await (window as unknown as { axe: { run: (options: object) => Promise<AxeResults> } }).axe.run({ resultTypes: ["violations"] });
    } finally {
      style.remove();
    }
  }, WHOLE_LOGS);
  return results.violations.filter((violation) => FAILING_IMPACTS.has(violation.impact ?? ""));
}

function describe(violation: Result, where: string): string {
  const nodes = violation.nodes.map((node) => `  - ${node.target.join(" ")}\n    ${(node.failureSummary ?? "").replaceAll("\n", "\n    ")}`);
  return `${where}: [${violation.impact}] ${violation.id} — ${violation.help}\n${nodes.join("\n")}`;
}
