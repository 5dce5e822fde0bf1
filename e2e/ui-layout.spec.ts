import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { storageState } from "./helpers/env";
import { designShot, SHOTS_DIR } from "./helpers/shots";

// Every page, at phone widths: nothing scrolls sideways. With UI_SHOTS_DIR set, screenshots (light/dark × 1440/390)
// go there for the design review; they are not compared.
const ADMIN_PAGES = ["/projects", "/projects/acme-web", "/projects/acme-web/targets", "/projects/acme-web/members", "/projects/acme-web/tokens", "/projects/acme-web/audit", "/projects/acme-web/uptime", "/projects/acme-web/incidents", "/docs/api", "/projects/no-such-project"];
const PUBLIC_PAGES = ["/signin", "/setup", "/invite/not-a-real-invitation-token-000000", "/no-such-page"];

const setTheme = (page: Page, dark: boolean) =>
  page.evaluate((d) => {
    localStorage.setItem("tminus-theme", d ? "dark" : "light");
    document.documentElement.classList.toggle("dark", d);
  }, dark);

async function checkPage(page: Page, path: string) {
  const name = path.replace(/\W+/g, "_").replace(/^_|_$/g, "") || "root";
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(path);
  await expectNoAxeViolationsInBothThemes(page);
  // Reload in each theme: toggling the class mid-page would catch buttons halfway through their colour transition.
  for (const dark of SHOTS_DIR ? [false, true] : []) {
    await setTheme(page, dark);
    await page.reload();
    await designShot(page, `${name}-1440-${dark ? "dark" : "light"}`);
  }
  for (const width of [390, 360]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(path);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth, `${path} at ${width} px`).toBeLessThanOrEqual(width);
    if (width === 390 && SHOTS_DIR) {
      for (const dark of [false, true]) {
        await setTheme(page, dark);
        await page.reload();
        await designShot(page, `${name}-390-${dark ? "dark" : "light"}`);
      }
    }
  }
  await setTheme(page, false);
}

test.describe("as admin", () => {
  test.use({ storageState: storageState("admin") });
  // First, so the tokens page below is screenshotted with a row in its table.
  test("the tokens table is a stacked list on a phone and a table on a desktop", async ({ page }) => {
    await page.goto("/projects/acme-web/tokens");
    const created = await page.evaluate(async () => {
      const res = await fetch("/api/v1/projects/acme-web/tokens", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "layout-check", role: "viewer" }) });
      return res.status;
    });
    expect(created).toBe(201);
    const cell = page.locator('td[data-label="Prefix"]').first();
    for (const [width, display] of [[390, "grid"], [1440, "table-cell"]] as const) {
      await page.setViewportSize({ width, height: 800 });
      await page.reload();
      expect(await cell.evaluate((el) => getComputedStyle(el).display)).toBe(display);
    }
  });

  for (const path of ADMIN_PAGES) {
    test(`${path} fits 390 and 360 px, passes axe in both themes`, ({ page }) => {
      // The API docs page lists every route (150 now): four axe scans and two full-page screenshots of it take longer
      // than the 60 s a test gets by default on a 2-core machine (it ran out at 1.2 min in a fresh clone). The checks
      // are the same; only the time they may take is sized to the page.
      if (path === "/docs/api") test.slow();
      return checkPage(page, path);
    });
  }

  test("the project tabs show that they scroll on a phone, and not on a desktop", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto("/projects/acme-web");
    await expect(page.getByTestId("tabs-scroll-hint")).toBeVisible();
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect(page.getByTestId("tabs-scroll-hint")).toHaveCount(0);
  });

  test("an unknown project answers 404 inside the app shell, with one main landmark and a way back", async ({ page }) => {
    const res = await page.goto("/projects/no-such-project");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "This page does not exist", level: 1 })).toBeVisible();
    await expect(page.getByRole("main")).toHaveCount(1);
    await expect(page.getByRole("link", { name: "Back to your projects" })).toBeVisible();
  });

  test("titles name the page and the project", async ({ page }) => {
    for (const [path, title] of [
      ["/projects/acme-web", "Overview · Acme Web · T-Minus"],
      ["/projects/acme-web/targets", "Targets · Acme Web · T-Minus"],
      ["/projects/acme-web/members", "Members · Acme Web · T-Minus"],
      ["/projects/acme-web/tokens", "API tokens · Acme Web · T-Minus"],
      ["/projects/acme-web/audit", "Audit log · Acme Web · T-Minus"],
      ["/projects/acme-web/uptime", "Uptime · Acme Web · T-Minus"],
      ["/projects/acme-web/incidents", "Incidents · Acme Web · T-Minus"],
    ]) {
      await page.goto(path);
      await expect(page).toHaveTitle(title);
    }
  });

});

test.describe("signed out", () => {
  for (const path of PUBLIC_PAGES) test(`${path} fits 390 and 360 px, passes axe in both themes`, ({ page }) => checkPage(page, path));

  test("the 404 page is branded, keeps the dark theme and has a way back; the favicon exists", async ({ page }) => {
    await page.goto("/signin");
    await setTheme(page, true);
    const res = await page.goto("/no-such-page");
    expect(res?.status()).toBe(404);
    await expect(page.locator("html")).toHaveClass(/dark/);
    await expect(page.getByRole("heading", { name: "This page does not exist", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to your projects" })).toHaveAttribute("href", "/projects");
    await expect(page).toHaveTitle("Page not found · T-Minus");
    for (const icon of ["/favicon.ico", "/icon.svg", "/apple-touch-icon.png"]) {
      const r = await page.request.get(icon);
      expect(r.status(), icon).toBe(200);
    }
    expect(await page.locator('link[rel="icon"]').count()).toBeGreaterThan(0);
  });
});

test.describe("as member", () => {
  test.use({ storageState: storageState("member") });

  test("the 403 page keeps the dark theme and has a way back; the overview offers no Manage targets", async ({ page }) => {
    await page.goto("/projects/acme-web");
    await expect(page.getByRole("heading", { name: "Acme Web", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Manage targets" })).toHaveCount(0);
    await setTheme(page, true);
    const res = await page.goto("/projects/acme-web/tokens");
    expect(res?.status()).toBe(403);
    await expect(page.locator("html")).toHaveClass(/dark/);
    await expect(page.getByRole("link", { name: "Back to the project overview" })).toBeVisible();
    await expectNoAxeViolationsInBothThemes(page);
    await setTheme(page, false);
  });
});
