import { expect, test, type Browser, type Page } from "@playwright/test";
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { assertDisposableDatabase } from "./helpers/disposable-db";
import { storageState, targetUrl, unique } from "./helpers/env";
import { pageApi } from "./helpers/page-api";
import { designShot } from "./helpers/shots";
import { HISTOGRAM_SIZE } from "../lib/monitoring/histogram";

// The public status page as a visitor meets it: no session, only opted-in targets by name, 90 keyboard-navigable
// day bars, incidents with their public updates, cacheable. History is written straight into the day roll-ups, as
// the ingest would have over the past weeks.
const CACHE = "public, max-age=15, s-maxage=30, stale-while-revalidate=60";
const DAY = 86_400_000;
const MIN = 60_000;
const PRIVATE_PATH = "/health?probe=internal-only-7f3a";
// Nothing listens on the discard port: the private target's check goes down, which the public page must not show.
const PRIVATE_URL = "http://127.0.0.1:9";

const utcDay = (daysAgo: number) => new Date(Math.floor(Date.now() / DAY) * DAY - daysAgo * DAY);
const dayLabel = (daysAgo: number) => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(utcDay(daysAgo));

let slug = "";
let projectName = "";
let unlistedSlug = "";
let publicName = "";
let privateName = "";

async function prepare(page: Page) {
  await page.goto("/projects");
  projectName = unique("Status Co");
  const project = await pageApi(page, "POST", "/projects", { name: projectName });
  expect(project.status).toBe(201);
  slug = project.json.slug;
  publicName = unique("Public API");
  privateName = unique("Internal billing");
  const create = (name: string, baseUrl: string, healthPath: string) =>
    pageApi(page, "POST", `/projects/${project.json.id}/targets`, { name, environment: "production", baseUrl, healthPath });
  const pub = await create(publicName, targetUrl("staging"), "/health");
  const priv = await create(privateName, PRIVATE_URL, PRIVATE_PATH);
  expect([pub.status, priv.status]).toEqual([201, 201]);
  expect((await pageApi(page, "PATCH", `/projects/${project.json.id}/targets/${pub.json.id}`, { publicStatus: true })).status).toBe(200);

  const unlisted = await pageApi(page, "POST", "/projects", { name: unique("Nothing public") });
  unlistedSlug = unlisted.json.slug;

  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: assertDisposableDatabase(process.env.DATABASE_URL) }) });
  try {
    const check = await db.check.findFirstOrThrow({ where: { targetId: pub.json.id } });
    await db.check.update({ where: { id: check.id }, data: { createdAt: new Date(Date.now() - 120 * DAY) } });
    // 60 days of history: 3 days ago 11 minutes down, 5 days ago two hours of maintenance, 9 days ago degraded.
    for (let ago = 1; ago <= 60; ago++) {
      const down = ago === 3 ? 11 * MIN : 0;
      const maintenance = ago === 5 ? 120 * MIN : 0;
      const degraded = ago === 9 ? 30 * MIN : 0;
      await db.$executeRawUnsafe(
        `INSERT INTO "CheckRollupDay" ("checkId", "bucket", "upMs", "degradedMs", "downMs", "maintenanceMs", "runs", "latencyHist")
         VALUES ($1, $2, $3, $4, $5, $6, 1440, array_fill(0, ARRAY[$7::int]))
         ON CONFLICT ("checkId", "bucket") DO UPDATE SET "upMs" = EXCLUDED."upMs", "degradedMs" = EXCLUDED."degradedMs", "downMs" = EXCLUDED."downMs", "maintenanceMs" = EXCLUDED."maintenanceMs"`,
        check.id,
        utcDay(ago),
        DAY - down - maintenance - degraded,
        degraded,
        down,
        maintenance,
        HISTOGRAM_SIZE,
      );
    }
    const startedAt = new Date(utcDay(3).getTime() + 14 * 60 * MIN + 5 * MIN);
    await db.incident.create({
      data: {
        projectId: project.json.id,
        checkId: check.id,
        number: 901,
        status: "resolved",
        title: "internal title: HTTP 503 from /health",
        cause: "Health check answered HTTP 503",
        startedAt,
        resolvedAt: new Date(startedAt.getTime() + 11 * MIN),
        events: {
          create: [
            { kind: "first_failure", at: startedAt, body: "Health check answered HTTP 503" },
            { kind: "opened", at: startedAt },
            { kind: "note", at: new Date(startedAt.getTime() + 2 * MIN), body: "internal note: rotate the db password" },
            { kind: "public_update", at: new Date(startedAt.getTime() + 4 * MIN), body: "We moved traffic to the standby database." },
            { kind: "recovered", at: new Date(startedAt.getTime() + 11 * MIN) },
          ],
        },
      },
    });
  } finally {
    await db.$disconnect();
  }
}

/** A visitor: no session, and a system colour scheme instead of a stored theme. */
const visitor = async (browser: Browser, colorScheme: "light" | "dark" = "light") => (await browser.newContext({ colorScheme })).newPage();

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageState("admin") });
  await prepare(await context.newPage());
  await context.close();
});

test("a visitor sees the opted-in target, its 90 days and the public updates; nothing internal is in the page", async ({ browser }) => {
  const page = await visitor(browser);
  const violations: string[] = [];
  page.on("console", (m) => void (/Content Security Policy/i.test(m.text()) && violations.push(m.text())));
  const res = await page.goto(`/status/${slug}`);
  expect(res?.status()).toBe(200);
  expect(res?.headers()["cache-control"]).toBe(CACHE);
  // A shared cache may keep it: nothing in it is per visitor.
  expect(res?.headers()["set-cookie"]).toBeUndefined();
  expect(res?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  await expect(page).toHaveTitle(`Status · ${projectName} · T-Minus`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(projectName);
  // The public target is up or not yet checked; the private one, down, must not colour the headline.
  await expect(page.getByRole("heading", { level: 2, name: /^(All systems operational|Some statuses are unknown)$/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: publicName, exact: true })).toBeVisible();
  await expect(page.getByText("uptime over 90 days").first()).toBeAttached();
  const incident = page.getByRole("article", { name: `${publicName} outage` });
  await expect(incident.getByText("We moved traffic to the standby database.")).toBeVisible();
  await expect(incident.getByText("Resolved", { exact: true })).toBeVisible();
  await expect(incident.getByText(/Started \d{1,2} \w{3} 14:05 UTC · resolved \d{1,2} \w{3} 14:16 UTC after 11 min/)).toBeVisible();
  await expect(page.getByText("Powered by T-Minus")).toBeVisible();
  await expect(page.locator("a[href]")).toHaveCount(0);

  const html = await res!.text();
  for (const secret of [privateName, PRIVATE_PATH, "internal-only-7f3a", PRIVATE_URL, targetUrl("staging"), "/health", "internal note", "internal title", "HTTP 503"]) {
    expect(html, `the page must not contain ${secret}`).not.toContain(secret);
  }
  expect(violations).toEqual([]);
});

test("the day bars are one tab stop, move with the arrow keys, Home and End, and say each day in words", async ({ browser }) => {
  const page = await visitor(browser);
  await page.goto(`/status/${slug}`);
  const group = page.getByRole("group", { name: `${publicName}: uptime per day, last 90 days` });
  const bars = group.getByRole("img");
  await expect(bars).toHaveCount(90);
  await expect(group.locator('[tabindex="0"]')).toHaveCount(1);
  // The first Tab lands on today's bar; the arrow keys work once the page has hydrated.
  await expect(async () => {
    await page.locator("body").focus();
    await page.keyboard.press("Tab");
    await expect(bars.nth(89)).toBeFocused({ timeout: 500 });
    await page.keyboard.press("ArrowLeft");
    await expect(bars.nth(88)).toBeFocused({ timeout: 500 });
  }).toPass();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(bars.nth(86)).toBeFocused();
  await expect(bars.nth(86)).toHaveAccessibleName(`${dayLabel(3)}: 99.2% up, 11 min down`);
  await expect(group.locator('[tabindex="0"]')).toHaveCount(1);
  const readout = page.getByTestId("bar-readout").first();
  await expect(readout).toHaveText(`${dayLabel(3)}: 99.2% up, 11 min down`);
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(bars.nth(84)).toHaveAccessibleName(`${dayLabel(5)}: 100% up, 2 h maintenance`);
  await expect(bars.nth(84)).toHaveAttribute("data-level", "maintenance");
  await expect(bars.nth(80)).toHaveAccessibleName(`${dayLabel(9)}: 100% up, 30 min degraded`);
  await page.keyboard.press("Home");
  await expect(bars.nth(0)).toBeFocused();
  await expect(bars.nth(0)).toHaveAccessibleName(`${dayLabel(89)}: no data`);
  await page.keyboard.press("ArrowLeft");
  await expect(bars.nth(0)).toBeFocused();
  await page.keyboard.press("End");
  await expect(bars.nth(89)).toBeFocused();
  await expect(bars.nth(89)).toHaveAccessibleName(new RegExp(`^${dayLabel(0)}: `));
});

test("the page passes axe in both themes, follows the system colour scheme and fits 390 and 360 px", async ({ browser }) => {
  for (const scheme of ["light", "dark"] as const) {
    const page = await visitor(browser, scheme);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/status/${slug}`);
    await expect(page.locator("html")).toHaveClass(scheme === "dark" ? /dark/ : /^(?!.*dark)/);
    await designShot(page, `status-1440-${scheme}`);
    if (scheme === "light") await expectNoAxeViolationsInBothThemes(page);
    for (const width of [390, 360]) {
      await page.setViewportSize({ width, height: 800 });
      await page.reload();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `at ${width} px`).toBeLessThanOrEqual(width);
      if (width === 390) await designShot(page, `status-390-${scheme}`);
    }
    await page.context().close();
  }
});

test("an unknown project, or one with nothing opted in, is a plain 404 for visitors", async ({ browser }) => {
  const page = await visitor(browser);
  for (const path of ["/status/no-such-project-anywhere", `/status/${unlistedSlug}`]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    // Cached like the page itself, so a flood of made-up addresses costs little.
    expect(res?.headers()["cache-control"], path).toBe(CACHE);
    await expect(page.getByRole("heading", { level: 1, name: "No status page here" })).toBeVisible();
    await expect(page).toHaveTitle("Status page not found · T-Minus");
    await expect(page.locator("a[href]:not([href='#main'])")).toHaveCount(0);
  }
  await expectNoAxeViolationsInBothThemes(page);
  await designShot(page, "status-404");
});

test.describe("instance admin", () => {
  test.use({ storageState: storageState("admin") });

  test("sees every project's health, worst first, each linking to its uptime page", async ({ page }) => {
    await page.goto("/admin");
    const section = page.getByRole("region", { name: "Health across projects" });
    await expect(section).toBeVisible();
    await expect(section.getByRole("link", { name: projectName, exact: true })).toHaveAttribute("href", `/projects/${slug}/uptime`);
    // The private target's check fails on its first run; the page is server-rendered, so look again until it has.
    const mine = section.getByTestId("project-health-row").filter({ has: page.getByRole("link", { name: projectName, exact: true }) });
    await expect(async () => {
      await page.reload();
      await expect(mine.locator('td[data-label="Status"]')).toHaveText("Down", { timeout: 1000 });
    }).toPass({ timeout: 45_000 });
    await expect(mine.locator('td[data-label="Checks"]')).toHaveText(/^1 down( · 1 unknown)? of 2 checks$/);
    await expect(section.getByRole("link", { name: "Acme Web" })).toBeVisible();
    const order = ["Down", "Degraded", "Unknown", "Up", "Paused", "No checks"];
    const statuses = await section.getByTestId("project-health-row").locator('td[data-label="Status"]').allInnerTexts();
    const ranks = statuses.map((s) => order.indexOf(s.trim()));
    expect(ranks.every((r) => r >= 0), statuses.join(", ")).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    await expectNoAxeViolationsInBothThemes(page);
    await page.setViewportSize({ width: 390, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await designShot(section, "admin-health-390");
    await page.setViewportSize({ width: 1440, height: 900 });
    await designShot(section, "admin-health-1440");
  });
});
