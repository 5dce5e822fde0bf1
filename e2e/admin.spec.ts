import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations, expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { storageState } from "./helpers/env";

// Through the page's own fetch (same origin, as the app sends it). Loopback stays allowed: the demo targets need it.
const restore = (page: Page) =>
  page.evaluate(() =>
    fetch("/api/v1/instance/settings", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ projectCreation: "anyone", network: { allowLoopback: true, allowPrivate: true, allowLinkLocal: false, allowedCidrs: [] } }),
    }).then((r) => r.status),
  );

test.describe("instance admin", () => {
  test.use({ storageState: storageState("admin") });

  test("changes the network policy and who may create projects, and saves them explicitly", async ({ page, browser }) => {
    await page.goto("/projects");
    const menu = page.locator("details", { has: page.locator('summary[aria-label^="Account:"]') });
    await menu.locator("summary").click();
    await menu.getByRole("link", { name: "Admin" }).click();
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page).toHaveTitle("Admin · T-Minus");
    await expect(page.getByRole("heading", { name: "Network" })).toBeVisible();
    await expect(page.getByRole("switch", { name: /Allow loopback addresses/ })).toBeChecked();
    await expect(page.getByRole("switch", { name: /Allow link-local addresses/ })).not.toBeChecked();
    await expectNoAxeViolationsInBothThemes(page);

    try {
      await page.getByRole("switch", { name: /Allow private addresses/ }).uncheck();
      const cidrs = page.getByLabel("Always allowed ranges");
      await cidrs.fill("10.0.5.7/24");
      await page.getByRole("radio", { name: "Only instance admins" }).check();
      await page.getByRole("button", { name: "Save settings" }).click();
      await expect(page.getByText("Line 1: has bits set after the /24 prefix; did you mean 10.0.5.0/24?")).toBeVisible();
      await expect(cidrs).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByRole("form", { name: "Instance settings" }).getByRole("status")).toHaveText("");
      await expectNoAxeViolations(page);

      await cidrs.fill("10.0.5.0/24\n169.254.169.254");
      await page.getByRole("button", { name: "Save settings" }).click();
      await expect(page.getByRole("form", { name: "Instance settings" }).getByRole("status")).toContainText("Settings saved");
      await expect(page.getByText("The settings were not saved")).toHaveCount(0);

      await page.reload();
      await expect(page.getByRole("switch", { name: /Allow private addresses/ })).not.toBeChecked();
      await expect(page.getByRole("switch", { name: /Allow loopback addresses/ })).toBeChecked();
      await expect(page.getByLabel("Always allowed ranges")).toHaveValue("10.0.5.0/24\n169.254.169.254/32");
      await expect(page.getByRole("radio", { name: "Only instance admins" })).toBeChecked();

      // A member now meets the sentence instead of the create form.
      const member = await browser.newContext({ storageState: storageState("member") });
      const memberPage = await member.newPage();
      await memberPage.goto("/projects");
      await expect(memberPage.getByText("On this instance only instance admins create projects.", { exact: false })).toBeVisible();
      await expect(memberPage.getByRole("button", { name: "Create project" })).toHaveCount(0);
      await expectNoAxeViolations(memberPage);
      await member.close();
    } finally {
      expect(await restore(page)).toBe(200);
    }
  });
});

test.describe("member", () => {
  test.use({ storageState: storageState("member") });

  test("is refused the admin page (403) and the settings API, and has no link to them", async ({ page }) => {
    const res = await page.goto("/admin");
    expect(res?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You need the instance admin role" })).toBeVisible();
    await expect(page.getByRole("switch")).toHaveCount(0);
    await expectNoAxeViolationsInBothThemes(page);

    const menu = page.locator("details", { has: page.locator('summary[aria-label^="Account:"]') });
    await menu.locator("summary").click();
    await expect(menu.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(menu.getByRole("link", { name: "Admin" })).toHaveCount(0);

    const api = await page.request.get("/api/v1/instance/settings");
    expect(api.status()).toBe(403);
    expect((await api.json()).error.code).toBe("forbidden");
  });
});
