import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { storageState } from "./helpers/env";

test.describe("as admin", () => {
  test.use({ storageState: storageState("admin") });

  test("an invitation link lets a new person create an account and join", async ({ page, browser }) => {
    const email = `new-${Date.now()}@acme.test`;
    await page.goto("/projects/acme-web/members");
    await page.getByRole("button", { name: "Invite someone" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption("approver");
    await page.getByRole("button", { name: "Create invitation" }).click();
    const link = await page.getByLabel("Accept link").inputValue();
    expect(link).toMatch(/\/invite\//);
    await expect(page.getByRole("listitem").filter({ hasText: email })).toBeVisible();
    await expectNoAxeViolationsInBothThemes(page);

    const guest = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const invitee = await guest.newPage();
    await invitee.goto(new URL(link).pathname);
    await expect(invitee.getByRole("heading", { name: "Join Acme Web" })).toBeVisible();
    await expectNoAxeViolations(invitee);
    await invitee.getByLabel("Your name").fill("Nia New");
    await invitee.getByLabel("Choose a password").fill("a-long-enough-password");
    await invitee.getByRole("button", { name: "Create account and join" }).click();
    await expect(invitee.getByRole("heading", { name: "Acme Web", level: 1 })).toBeVisible();
    await expect(invitee.getByText("Your role: approver")).toBeVisible();
    await guest.close();
  });

  test("the API reference renders every route with its method, permission and schemas", async ({ page }) => {
    await page.goto("/docs/api");
    await expect(page.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();
    const create = page.locator("#targets\\.create");
    await expect(create.getByText("POST", { exact: true })).toBeVisible();
    await expect(create.getByText("/api/v1/projects/{projectId}/targets")).toBeVisible();
    await expect(create.getByText("Project permission target.create")).toBeVisible();
    await create.getByText("Request body (application/json)").click();
    await expect(create.getByText(/"baseUrl"/).first()).toBeVisible();
    await expectNoAxeViolationsInBothThemes(page);
  });
});

test("the home page sends a signed-out visitor to sign in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
  await page.goto("/projects/acme-web/tokens");
  await expect(page).toHaveURL(/\/signin/);
});
