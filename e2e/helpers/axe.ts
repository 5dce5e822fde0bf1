import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export async function expectNoAxeViolations(page: Page, label = page.url()) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`).join("\n");
  expect(results.violations, `axe violations on ${label}:\n${summary}`).toEqual([]);
}

/**
 * Colour transitions (transition-colors on buttons) run after a theme switch: scan the colours they end on (spinners
 * loop forever, so only transitions). Only transitions of rendered elements: one inside a closed <details> (Chromium
 * renders its content with content-visibility: hidden) never advances, so its `finished` never settles — and axe
 * does not check hidden elements anyway.
 */
async function settled(page: Page) {
  // Transitions here last 150–500 ms; one still running after 5 s is stuck, and is named in the output.
  const stuck = await page.evaluate(async () => {
    const running = document
      .getAnimations()
      .filter((a) => a instanceof CSSTransition && (a.effect as KeyframeEffect | null)?.target?.checkVisibility({ contentVisibilityAuto: true }) !== false);
    const done = Promise.all(running.map((a) => a.finished.catch(() => undefined))).then(() => true);
    if (await Promise.race([done, new Promise<false>((r) => setTimeout(() => r(false), 5000))])) return [];
    return running
      .filter((a) => a.playState !== "finished")
      .map((a) => `${(a as CSSTransition).transitionProperty} ${a.playState} on ${(a.effect as KeyframeEffect | null)?.target?.outerHTML.slice(0, 160)}`);
  });
  if (stuck.length) console.warn(`[axe] ${page.url()}: transitions still running 5 s after the theme switch, scanned anyway:\n  ${stuck.join("\n  ")}`);
}

/** Scans the page as it is, then in the other theme, and restores the theme it found. */
export async function expectNoAxeViolationsInBothThemes(page: Page) {
  const wasDark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
  await expectNoAxeViolations(page, `${page.url()} (${wasDark ? "dark" : "light"})`);
  await page.evaluate((dark) => document.documentElement.classList.toggle("dark", dark), !wasDark);
  await settled(page);
  await expectNoAxeViolations(page, `${page.url()} (${wasDark ? "light" : "dark"})`);
  await page.evaluate((dark) => document.documentElement.classList.toggle("dark", dark), wasDark);
}
