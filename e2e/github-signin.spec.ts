import { expect, test, type Page } from "@playwright/test";
import type { FakeGithubUser, RecordedRequest } from "../tests/helpers/fake-github";
import { expectNoAxeViolations } from "./helpers/axe";
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

test("the approver signs in with GitHub and is linked by their verified email", async ({ page }) => {
  const approver = account("approver");
  await githubSignsInAs({
    id: 5_550_001,
    login: "acme-approver",
    name: "Approver on GitHub",
    email: null,
    emails: [
      { email: "approver-personal@example.test", primary: false, verified: true, visibility: null },
      { email: approver.email, primary: true, verified: true, visibility: "private" },
    ],
  });
  await page.goto("/signin");
  await expect(page.getByRole("button", { name: "Sign in with GitHub" })).toBeEnabled();
  await expectNoAxeViolations(page);

  await clickSignInWithGithub(page);
  await page.waitForURL(/\/projects$/);
  await expect(page.getByRole("link", { name: "Acme Web" }).first()).toBeVisible();
  const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { email?: string } };
  expect(session.user?.email).toBe(approver.email);

  const seen = (await githubRequests()).map((r) => `${r.method} ${r.path}`);
  expect(seen).toEqual(["GET /login/oauth/authorize", "POST /login/oauth/access_token", "GET /api/v3/user", "GET /api/v3/user/emails"]);
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
