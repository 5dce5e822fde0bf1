import { expect, test, type Page } from "@playwright/test";
import type { FakeGithubUser, RecordedRequest } from "../tests/helpers/fake-github";
import { signInThroughForm } from "./helpers/auth";
import { expectNoAxeViolations, expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { account } from "./helpers/env";

// scripts/e2e.mjs runs e2e/fake-github-server.mjs at GITHUB_URL and points the web server's GitHub sign-in at it.
const GITHUB_URL = process.env.GITHUB_URL ?? "http://127.0.0.1:4290";

async function githubSignsInAs(user: FakeGithubUser) {
  const res = await fetch(`${GITHUB_URL}/__user`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(user) });
  expect(res.ok, "the fake GitHub accepts the test user").toBe(true);
  await fetch(`${GITHUB_URL}/__requests`, { method: "DELETE" });
}

const githubRequests = async () => (await (await fetch(`${GITHUB_URL}/__requests`)).json()) as RecordedRequest[];

async function clickSignInWithGithub(page: Page) {
  await page.goto("/signin");
  const button = page.getByRole("button", { name: "Sign in with GitHub" });
  await expect(button).toBeEnabled();
  await button.click();
}

const approverOnGithub = (): FakeGithubUser => ({
  id: 5_550_001,
  login: "acme-approver",
  name: "Approver on GitHub",
  email: null,
  emails: [
    { email: "approver-personal@example.test", primary: false, verified: true, visibility: null },
    { email: account("approver").email, primary: true, verified: true, visibility: "private" },
  ],
});

test("a GitHub account is not linked by its verified email alone: the person is told to link it from their account", async ({ page }) => {
  await githubSignsInAs(approverOnGithub());
  await page.goto("/signin");
  await expect(page.getByRole("button", { name: "Sign in with GitHub" })).toBeEnabled();
  await expectNoAxeViolations(page);

  await clickSignInWithGithub(page);
  await page.waitForURL(/\/signin\?.*error=LinkFromAccount/);
  await expect(page.getByRole("alert").filter({ hasText: "Could not sign in" })).toContainText(
    "Sign in with your password, then link GitHub from your account",
  );
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: unknown };
  expect(session.user).toBeUndefined();
});

test("the approver links GitHub from their account, then signs in with it", async ({ page }) => {
  await githubSignsInAs(approverOnGithub());
  await signInThroughForm(page, "approver");
  await page.getByLabel(/^Account:/).click();
  await page.getByRole("link", { name: "Account and GitHub" }).click();
  await page.waitForURL(/\/account$/);
  await expectNoAxeViolationsInBothThemes(page);

  const link = page.getByRole("button", { name: "Link GitHub account" });
  await expect(link).toBeEnabled();
  await link.click();
  await page.waitForURL(/\/account$/);
  await expect(page.getByText("Your GitHub account is linked")).toBeVisible();
  await expect(page.getByRole("button", { name: "Unlink GitHub account" })).toBeVisible();
  await expectNoAxeViolations(page);
  const seen = (await githubRequests()).map((r) => `${r.method} ${r.path}`);
  expect(seen).toEqual(["GET /login/oauth/authorize", "POST /login/oauth/access_token", "GET /api/v3/user", "GET /api/v3/user/emails"]);

  await page.context().clearCookies();
  await clickSignInWithGithub(page);
  await page.waitForURL(/\/projects$/);
  await expect(page.getByRole("link", { name: "Acme Web" }).first()).toBeVisible();
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(session.user?.email).toBe(account("approver").email);
});

test("a link request from another site is refused", async ({ page }) => {
  await signInThroughForm(page, "member");
  const res = await page.request.post("/api/auth/github-link", { headers: { origin: "http://evil.example" } });
  expect(res.status()).toBe(403);
  expect(res.headers()["set-cookie"] ?? "").not.toContain("tminus.github-link=");
});

test("a GitHub account with no T-Minus account is told to ask for an invitation", async ({ page }) => {
  await githubSignsInAs({
    id: 5_550_002,
    login: "stranger",
    name: "Stranger",
    email: "stranger@example.test",
    emails: [{ email: "stranger@example.test", primary: true, verified: true, visibility: "public" }],
  });
  await clickSignInWithGithub(page);
  await page.waitForURL(/\/signin\?.*error=NoAccount/);
  const alert = page.getByRole("alert").filter({ hasText: "Could not sign in" });
  await expect(alert).toContainText("no T-Minus account matches");
  await expect(alert).toContainText("ask a project admin to invite");
  await expectNoAxeViolations(page);
});

test("an unverified GitHub email never reaches the account that has it", async ({ page }) => {
  await githubSignsInAs({
    id: 5_550_003,
    login: "impostor",
    name: "Impostor",
    email: null,
    emails: [{ email: account("member").email, primary: true, verified: false, visibility: "private" }],
  });
  await clickSignInWithGithub(page);
  await page.waitForURL(/\/signin\?.*error=UnverifiedEmail/);
  await expect(page.getByRole("alert").filter({ hasText: "Could not sign in" })).toContainText("primary email is not verified");
  await expectNoAxeViolations(page);
});

test("cancelling on GitHub brings the person back to sign-in with a clear message", async ({ page }) => {
  await fetch(`${GITHUB_URL}/__deny`, { method: "POST" });
  await clickSignInWithGithub(page);
  await page.waitForURL(/\/signin\?.*error=access_denied/);
  await expect(page.getByRole("alert").filter({ hasText: "Could not sign in" })).toContainText("GitHub sign-in was cancelled");
  await expect(page.getByRole("button", { name: "Sign in with GitHub" })).toBeEnabled();
  await expectNoAxeViolations(page);
});
