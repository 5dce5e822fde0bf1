import { mkdirSync, readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { pageApi } from "./helpers/page-api";
import { storageState, unique } from "./helpers/env";

// Screenshots for a design review only when asked for (RELEASE_SHOTS_DIR=/tmp/release-shots), not on every test run.
const SHOTS = process.env.RELEASE_SHOTS_DIR;
const PAGE = "/projects/acme-web/releases";

const call = pageApi;

const setTheme = (page: Page, dark: boolean) =>
  page.evaluate((d) => {
    localStorage.setItem("tminus-theme", d ? "dark" : "light");
    document.documentElement.classList.toggle("dark", d);
  }, dark);

/** What the server should suggest after `previous` for one feat, one fix and one breaking change (no prereleases here). */
function expected(previous: string | null) {
  if (previous === null) return { version: "0.1.0", reason: "No previous release: starting at 0.1.0" };
  const [major, minor] = previous.split(/[.-]/).map(Number);
  if (major === 0) return { version: `0.${minor + 1}.0`, reason: "1 breaking change: minor version while in 0.y.z initial development" };
  return { version: `${major + 1}.0.0`, reason: "1 breaking change: major version" };
}

test.describe("as member", () => {
  test.use({ storageState: storageState("member") });

  test("creates a release through the dialog: preview suggests the version, the list shows it first, CHANGELOG.md includes it", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(PAGE);
    await expect(page).toHaveTitle("Releases · Acme Web · T-Minus");
    await expect(page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Releases" })).toHaveAttribute("aria-current", "page");
    const href = await page.getByRole("link", { name: "Export CHANGELOG.md" }).getAttribute("href");
    const projectId = /\/projects\/([^/]+)\/releases/.exec(href!)![1];
    const before = await call(page, "GET", `/projects/${projectId}/releases`);
    expect(before.status).toBe(200);
    const want = expected((before.json as { version: string }[])[0]?.version ?? null);
    await expectNoAxeViolationsInBothThemes(page);

    const open = page.getByRole("button", { name: "New release" });
    await open.click();
    const dialog = page.getByRole("dialog", { name: "New release" });
    await expect(dialog).toBeVisible();
    const title = unique("Release");
    await dialog.getByLabel("Title").fill(title);

    // A wrong line is named before anything is sent.
    const commits = dialog.getByLabel("Commits");
    await commits.fill("a1b2c3d feat(search): filter by price\nnot-a-hash fix: totals");
    await dialog.getByRole("button", { name: "Preview" }).click();
    await expect(dialog.getByText(/^Line 2 starts with "not-a-hash"/)).toBeVisible();
    await expect(commits).toHaveAttribute("aria-invalid", "true");

    await commits.fill("a1b2c3d feat(search): filter by price\nb2c3d4e fix: totals round half up\nc3d4e5f feat!: orders API v2 replaces v1");
    await dialog.getByRole("button", { name: "Preview" }).click();
    await expect(dialog.getByTestId("suggested-version")).toHaveText(want.version);
    await expect(dialog.getByTestId("suggestion-reason")).toContainText(want.reason);
    await expect(dialog.getByRole("heading", { name: "Preview" })).toBeFocused();
    await expect(dialog.getByLabel("Version")).toHaveAttribute("placeholder", want.version);
    for (const h of ["Breaking changes", "Added", "Fixed"]) await expect(dialog.getByRole("heading", { name: h })).toBeVisible();
    await expect(dialog.getByRole("heading", { name: "Changed" })).toHaveCount(0);
    await expectNoAxeViolationsInBothThemes(page);

    await dialog.getByRole("button", { name: "Create release" }).click();
    await expect(page.getByTestId("toast")).toContainText(`Released ${want.version}`);
    await expect(dialog).toBeHidden();
    const heading = page.getByRole("heading", { name: `${want.version} ${title}`, level: 3 });
    await expect(heading).toBeFocused();
    await expect(page.getByTestId("latest-version")).toHaveText(want.version);
    const first = page.getByTestId("release").first();
    await expect(first.getByRole("heading", { level: 3 })).toHaveText(`${want.version} ${title}`);
    await expect(first).toContainText("1 breaking");
    await expect(first).toContainText("1 feature");
    await expect(first).toContainText("1 fix");
    await expect(first).toContainText("0 other");
    for (const h of ["Breaking changes", "Added", "Fixed"]) await expect(first.getByRole("heading", { name: h, level: 4 })).toBeVisible();
    await expect(first.getByRole("listitem").filter({ hasText: "filter by price" })).toContainText("search:");
    await expect(first.locator("code", { hasText: "c3d4e5f" })).toBeVisible();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CHANGELOG.md" }).click()]);
    expect(download.suggestedFilename()).toBe("CHANGELOG.md");
    const markdown = readFileSync((await download.path())!, "utf8");
    expect(markdown.startsWith("# Changelog")).toBe(true);
    expect(markdown).toContain(`## [${want.version}]`);

    // A taken version comes back beside the Version field.
    await open.click();
    await dialog.getByLabel("Version").fill(want.version);
    await dialog.getByLabel("Commits").fill("d4e5f6a fix: one more");
    await dialog.getByRole("button", { name: "Preview" }).click();
    await dialog.getByRole("button", { name: "Create release" }).click();
    await expect(dialog.locator("#release-version-error")).toContainText(`${want.version} is already released`);
    await expect(dialog.getByLabel("Version")).toHaveAttribute("aria-invalid", "true");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
  });

  test("the page fits 390 px without sideways scrolling in both themes, and the dialog previews at 390 px", async ({ page }) => {
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      for (const dark of [false, true]) {
        await page.goto(PAGE);
        await setTheme(page, dark);
        await page.reload();
        await expect(page.getByTestId("latest-version")).toBeVisible();
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(scrollWidth, `${PAGE} at ${width} px`).toBeLessThanOrEqual(width);
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/releases-${width}-${dark ? "dark" : "light"}.png`, fullPage: width === 390 });
      }
    }
    // The dialog after Preview, light at 1440 and dark at 390.
    for (const [width, dark] of [[1440, false], [390, true]] as const) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.goto(PAGE);
      await setTheme(page, dark);
      await page.reload();
      await page.getByRole("button", { name: "New release" }).click();
      await page.getByRole("dialog", { name: "New release" }).getByLabel("Commits").fill("a1b2c3d feat(search): filter by price\nb2c3d4e fix: totals round half up");
      await page.getByRole("button", { name: "Preview" }).click();
      await expect(page.getByTestId("suggested-version")).toBeVisible();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/releases-dialog-${width}-${dark ? "dark" : "light"}.png` });
    }
    await setTheme(page, false);
  });
});

test.describe("as approver", () => {
  test.use({ storageState: storageState("approver") });

  test("reads the releases; without a session the API answers 401", async ({ page, playwright, baseURL }) => {
    await page.goto(PAGE);
    await expect(page.getByRole("heading", { name: "Releases", level: 1 })).toBeVisible();
    await expect(page.getByTestId("latest-version")).toBeVisible();
    const href = await page.getByRole("link", { name: "Export CHANGELOG.md" }).getAttribute("href");
    // An explicit empty state: the test's own storageState would otherwise carry over to this request context.
    const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    try {
      const list = await anonymous.get(href!.replace(/\/changelog\.md$/, ""));
      expect(list.status()).toBe(401);
      expect((await anonymous.get(href!)).status()).toBe(401);
    } finally {
      await anonymous.dispose();
    }
  });
});

test.describe("as admin", () => {
  test.use({ storageState: storageState("admin") });

  test("a project without releases says how to create the first one", async ({ page }) => {
    await page.goto("/projects");
    const created = await call(page, "POST", "/projects", { name: unique("No releases") });
    expect(created.status).toBe(201);
    await page.goto(`/projects/${created.json.slug}/releases`);
    await expect(page.getByRole("heading", { name: "No releases yet" })).toBeVisible();
    await expect(page.getByText(`POST /api/v1/projects/${created.json.id}/releases`)).toBeVisible();
    await expect(page.getByRole("link", { name: "API docs" }).last()).toHaveAttribute("href", "/docs/api");
    await expect(page.getByRole("button", { name: "New release" })).toBeVisible();
    await expectNoAxeViolationsInBothThemes(page);
  });
});
