import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { pageApi } from "./helpers/page-api";
import { designShot } from "./helpers/shots";
import { account, storageState, targetUrl, unique } from "./helpers/env";

const call = pageApi;

async function newProject(page: Page, prefix: string) {
  await page.goto("/projects");
  const name = unique(prefix);
  const res = await call(page, "POST", "/projects", { name });
  expect(res.status).toBe(201);
  return { name, slug: res.json.slug as string, id: res.json.id as string };
}

test.describe("as admin", () => {
  test.use({ storageState: storageState("admin") });

  test("a role is chosen, then saved once, announced and undoable", async ({ page, browser }) => {
    const project = await newProject(page, "Roles");
    const invite = await call(page, "POST", `/projects/${project.id}/invitations`, { email: account("member").email, role: "member" });
    expect(invite.status).toBe(201);
    const member = await browser.newContext({ storageState: storageState("member") });
    const memberPage = await member.newPage();
    await memberPage.goto("/projects");
    expect((await call(memberPage, "POST", "/invitations/accept", { token: String(invite.json.acceptUrl).split("/invite/")[1] })).status).toBeLessThan(300);
    await member.close();

    const patches: string[] = [];
    page.on("request", (r) => r.method() === "PATCH" && patches.push(r.url()));
    await page.goto(`/projects/${project.slug}/members`);
    const select = page.getByLabel(/^Role of /).last();
    await expect(select).toHaveValue("member");
    await select.focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await select.selectOption("approver");
    expect(patches).toEqual([]);
    const save = page.getByRole("button", { name: /^Save role of / });
    await expect(save).toBeVisible();
    await designShot(page, "members-role-save-1440", { fullPage: false });
    await expectNoAxeViolationsInBothThemes(page);
    await save.click();
    const toast = page.getByTestId("toast");
    await expect(toast).toContainText("is now approver (was member)");
    await expect(select).toBeFocused();
    expect(patches).toHaveLength(1);
    await toast.getByRole("button", { name: "Undo" }).click();
    await expect(page.getByTestId("toast")).toContainText("is back to member");
    await expect(select).toHaveValue("member");
    expect(patches).toHaveLength(2);
  });

  test("members rows keep the role select and Remove on one line at 1440 px", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/projects/acme-web/members");
    const row = page.getByRole("listitem").filter({ has: page.getByLabel(/^Role of /) }).first();
    const select = await row.getByLabel(/^Role of /).boundingBox();
    const remove = await row.getByRole("button", { name: /^Remove / }).boundingBox();
    expect(Math.abs(select!.y + select!.height / 2 - (remove!.y + remove!.height / 2))).toBeLessThan(4);
  });

  test("create opens a dialog that Esc closes, returning focus; None offers no deploy hook; delete moves focus and announces", async ({ page }) => {
    const project = await newProject(page, "Dialog");
    await page.goto(`/projects/${project.slug}/targets`);
    const open = page.getByRole("button", { name: "New target" });
    await open.click();
    const dialog = page.getByRole("dialog", { name: "Add a target" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel("Name")).toBeFocused();
    await expect(dialog.getByLabel("Provider")).toHaveValue("none");
    await expect(dialog.getByLabel("Deploy hook URL")).toHaveCount(0);
    await dialog.getByLabel("Provider").selectOption("vercel");
    await expect(dialog.getByLabel("Deploy hook URL")).toBeVisible();
    await designShot(page, "dialog-new-target-1440", { fullPage: false });
    await expectNoAxeViolationsInBothThemes(page);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(open).toBeFocused();

    await open.click();
    await dialog.getByLabel("Name").fill("doomed");
    await dialog.getByLabel("Base URL").fill(targetUrl("staging"));
    await dialog.getByRole("button", { name: "Add target" }).click();
    const card = page.getByRole("listitem", { name: "doomed" });
    await expect(card).toBeVisible();

    await card.getByRole("button", { name: "Test connection to doomed" }).click();
    const test = card.getByRole("button", { name: "Test connection to doomed" });
    await expect(page.getByTestId("test-outcome-doomed")).toHaveText(/Connection test to doomed succeeded: HTTP 200 in \d+ ms\./, { timeout: 30_000 });
    await expect(test).toBeFocused();

    await card.getByRole("button", { name: "Delete doomed" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete doomed?" });
    await expect(confirm).toContainText(targetUrl("staging"));
    await designShot(page, "dialog-delete-target-1440", { fullPage: false });
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await confirm.getByRole("button", { name: "Delete doomed" }).click();
    await expect(card).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "0 targets" })).toBeFocused();
    await expect(page.getByTestId("toast")).toHaveText(/Deleted target doomed\./);
  });

  test("revoking a token confirms, naming it", async ({ page }) => {
    const project = await newProject(page, "Revoke");
    await page.goto(`/projects/${project.slug}/tokens`);
    await page.getByRole("button", { name: "New token" }).click();
    await page.getByRole("dialog", { name: "New token" }).getByLabel("Name").fill("ci-deploy");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByLabel("Token secret")).toBeVisible();
    await page.getByRole("button", { name: "Revoke token ci-deploy" }).click();
    const confirm = page.getByRole("dialog", { name: "Revoke token ci-deploy?" });
    await expect(confirm).toBeVisible();
    await expectNoAxeViolationsInBothThemes(page);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByText("Active")).toBeVisible();
    await page.getByRole("button", { name: "Revoke token ci-deploy" }).click();
    await confirm.getByRole("button", { name: "Revoke ci-deploy" }).click();
    await expect(page.getByTestId("toast")).toHaveText(/Revoked token ci-deploy\./);
    await expect(page.getByText("Revoked", { exact: true })).toBeVisible();
  });

  test("revoking an invitation confirms, naming who it was for", async ({ page }) => {
    const project = await newProject(page, "Invites");
    const email = `confirm-${Date.now()}@acme.test`;
    expect((await call(page, "POST", `/projects/${project.id}/invitations`, { email, role: "viewer" })).status).toBe(201);
    await page.goto(`/projects/${project.slug}/members`);
    await page.getByRole("button", { name: `Revoke invitation for ${email}` }).click();
    const confirm = page.getByRole("dialog", { name: `Revoke the invitation for ${email}?` });
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByText(email)).toBeVisible();
    await page.getByRole("button", { name: `Revoke invitation for ${email}` }).click();
    await confirm.getByRole("button", { name: "Revoke invitation" }).click();
    await expect(page.getByTestId("toast")).toContainText(`Revoked the invitation for ${email}.`);
    await expect(page.getByText("No pending invitations")).toBeVisible();
  });

  test("the audit log reads as sentences with times and zones, and refuses From after To", async ({ page }) => {
    // Filtered to project actions: the seeded launch writes many newer entries than the project's creation.
    await page.goto("/projects/acme-web/audit?action=project.");
    const table = page.getByRole("table", { name: /Audit log entries/ });
    await expect(table.getByRole("link", { name: "Acme Web" }).first()).toBeVisible();
    await expect(table.getByText(/created the project/).first()).toBeVisible();
    await expect(table.locator("time").first()).toHaveAttribute("title", /\d{2}:\d{2}:\d{2} (UTC|GMT|[A-Z]{2,5})/);
    await page.getByLabel("From", { exact: true }).fill("2026-02-10");
    await page.getByLabel("To", { exact: true }).fill("2026-02-01");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.locator("#audit-to-error")).toHaveText(/must be on or after the From date/);
    await expect(page.getByLabel("To", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("table", { name: /Audit log entries/ })).toHaveCount(0);
    await expectNoAxeViolationsInBothThemes(page);
  });

  test("the overview offers Manage targets to admins", async ({ page }) => {
    await page.goto("/projects/acme-web");
    await expect(page.getByRole("link", { name: "Manage targets" })).toBeVisible();
  });
});

test("a failed sign-in keeps focus on the form and announces the reason once", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("nobody@acme.test");
  await page.getByLabel("Password").fill("not-the-password");
  const submit = page.getByRole("button", { name: "Sign in", exact: true });
  await submit.click();
  await expect(page.getByRole("alert").filter({ hasText: "Could not sign in" })).toBeVisible();
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("BODY");
  await expect(submit).toBeFocused();
  await expect(page.getByRole("alert").filter({ hasText: "Could not sign in" })).toHaveCount(1);
});
