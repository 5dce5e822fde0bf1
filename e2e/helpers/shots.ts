import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";

/**
 * Screenshots for the design review (light and dark, 1440 and 390 px), written only when UI_SHOTS_DIR names a folder:
 * `UI_SHOTS_DIR=/tmp/ui-shots npm run test:e2e`. They are looked at, never compared, so `npm test` skips them and the
 * page reloads that only they need (about a minute of the browser suite on 2 cores).
 */
export const SHOTS_DIR = process.env.UI_SHOTS_DIR || null;

if (SHOTS_DIR) mkdirSync(SHOTS_DIR, { recursive: true });

/** Saves one screenshot of a page (whole page unless `fullPage: false`) or of one element, when shots are on. */
export async function designShot(target: Page | Locator, name: string, { fullPage = true }: { fullPage?: boolean } = {}) {
  if (!SHOTS_DIR) return;
  const file = path.join(SHOTS_DIR, `${name}.png`);
  if ("goto" in target) await target.screenshot({ path: file, fullPage });
  else await target.screenshot({ path: file });
}
