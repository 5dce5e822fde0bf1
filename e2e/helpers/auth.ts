import { expect, type Page } from "@playwright/test";
import { account, type DemoRole } from "./env";

/** Signs in through the real form, as a person would. */
export async function signInThroughForm(page: Page, role: DemoRole) {
  const { email, password } = account(role);
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  const submit = page.getByRole("button", { name: "Sign in", exact: true });
  await expect(submit).toBeEnabled();
  await submit.click();
  await page.waitForURL(/\/projects$/);
}
