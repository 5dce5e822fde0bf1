import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { storageState } from "./helpers/env";

test.describe("member", () => {
  test.use({ storageState: storageState("member") });

  test("does not see admin-only pages in the nav, and is refused them by URL and by API", async ({ page }) => {
    await page.goto("/projects/acme-web");
    const nav = page.getByRole("navigation", { name: "Project" });
    await expect(nav.getByRole("link", { name: "Targets" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "API tokens" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
    await expectNoAxeViolationsInBothThemes(page);

    const tokensPage = await page.goto("/projects/acme-web/tokens");
    expect(tokensPage?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You need the admin role" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to the project overview" })).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveCount(0);
    await expectNoAxeViolations(page);

    const auditPage = await page.goto("/projects/acme-web/audit");
    expect(auditPage?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You need the approver or admin role" })).toBeVisible();
    await expectNoAxeViolations(page);

    const tokens = await page.request.get("/api/v1/projects/acme-web/tokens");
    expect(tokens.status()).toBe(403);
    expect((await tokens.json()).error.code).toBe("forbidden");
  });

  test("sees members but no admin controls, and can test but not edit targets", async ({ page }) => {
    await page.goto("/projects/acme-web/members");
    await expect(page.getByText("admin@acme.test")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Invite someone" })).toHaveCount(0);
    await expect(page.getByRole("combobox")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Remove/ })).toHaveCount(0);
    await expectNoAxeViolations(page);

    await page.goto("/projects/acme-web/targets");
    await expect(page.getByRole("button", { name: "Test connection to staging" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Edit staging" })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Add a target" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "New target" })).toHaveCount(0);
    await expectNoAxeViolations(page);
  });
});

test.describe("approver", () => {
  test.use({ storageState: storageState("approver") });

  test("reads the audit log but not API tokens", async ({ page }) => {
    await page.goto("/projects/acme-web/audit");
    await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "API tokens" })).toHaveCount(0);
    await expectNoAxeViolations(page);
    const tokensPage = await page.goto("/projects/acme-web/tokens");
    expect(tokensPage?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You need the admin role" })).toBeVisible();
  });
});
