import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./helpers/axe";

test("repeated wrong passwords lock the email for a while, and the page says so", async ({ page }) => {
  const email = `locked-${Date.now()}@acme.test`;
  await page.goto("/signin");
  const attempt = async () => {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("wrong-password");
    // Each attempt must reach the server before the next, or the count would race the clicks.
    await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials")),
      page.getByRole("button", { name: "Sign in", exact: true }).click(),
    ]);
    return page.getByRole("alert").filter({ hasText: "Could not sign in" });
  };
  for (let i = 0; i < 5; i++) await expect(await attempt()).toContainText("The email or password is not right");
  await expect(await attempt()).toContainText("Too many attempts");
  await expectNoAxeViolations(page);
});
