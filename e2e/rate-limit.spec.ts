import { expect, test, type Page } from "@playwright/test";
import { signInThroughForm } from "./helpers/auth";
import { expectNoAxeViolations } from "./helpers/axe";

async function failSignIn(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong-password");
  // Each attempt must reach the server before the next, or the count would race the clicks.
  await Promise.all([
    page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials")),
    page.getByRole("button", { name: "Sign in", exact: true }).click(),
  ]);
  return page.getByRole("alert").filter({ hasText: "Could not sign in" });
}

test("repeated wrong passwords lock the email for a while, and the page says how long", async ({ page }) => {
  const email = `locked-${Date.now()}@acme.test`;
  await page.goto("/signin");
  for (let i = 0; i < 5; i++) await expect(await failSignIn(page, email)).toContainText("The email or password is not right");
  await expect(await failSignIn(page, email)).toContainText(/Too many failed sign-ins for this email\. Try again in \d+ minutes/);
  await expectNoAxeViolations(page);
});

test("failures from one client without a trusted proxy lock out nobody else, even with a forged X-Forwarded-For", async ({ page }) => {
  await page.setExtraHTTPHeaders({ "x-forwarded-for": "203.0.113.77" });
  await page.goto("/signin");
  // More failures, across many emails, than the widest bucket allows (4 × SIGNIN_MAX_FAILURES).
  for (let i = 0; i < 21; i++) await expect(await failSignIn(page, `guess-${i}-${Date.now()}@acme.test`)).toContainText("The email or password is not right");
  await signInThroughForm(page, "member");
});
