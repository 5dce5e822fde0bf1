import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export async function expectNoAxeViolations(page: Page, label = page.url()) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`).join("\n");
  expect(results.violations, `axe violations on ${label}:\n${summary}`).toEqual([]);
}

/** Colour transitions (transition-colors on buttons) run after a theme switch: scan the colours they end on (spinners loop forever, so only transitions). */
const settled = (page: Page) => page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a instanceof CSSTransition).map((a) => a.finished.catch(() => undefined))));

/** Scans the page as it is, then in the other theme, and restores the theme it found. */
export async function expectNoAxeViolationsInBothThemes(page: Page) {
  const wasDark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
  await expectNoAxeViolations(page, `${page.url()} (${wasDark ? "dark" : "light"})`);
  await page.evaluate((dark) => document.documentElement.classList.toggle("dark", dark), !wasDark);
  await settled(page);
  await expectNoAxeViolations(page, `${page.url()} (${wasDark ? "light" : "dark"})`);
  await page.evaluate((dark) => document.documentElement.classList.toggle("dark", dark), wasDark);
}
