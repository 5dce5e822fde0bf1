import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolations } from "./helpers/axe";
import { account, unique } from "./helpers/env";

/** Presses Tab until the element with this id has focus, as a keyboard user would. */
async function tabTo(page: Page, id: string, max = 25) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((target) => document.activeElement?.id === target, id)) return;
  }
  throw new Error(`#${id} was not reached with ${max} Tab presses`);
}

test("sign-in and create-project forms work with the keyboard alone", async ({ page }) => {
  const { email, password } = account("admin");
  await page.goto("/signin");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();

  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();

  await tabTo(page, "signin-email");
  await page.keyboard.type(email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/projects$/);
  await expectNoAxeViolations(page);

  const newProject = page.getByRole("button", { name: "New project" });
  for (let i = 0; i < 25 && !(await newProject.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(newProject).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Name")).toBeFocused();
  const name = unique("Keyboard");
  await page.keyboard.type(name);
  await tabTo(page, "project-description", 3);
  await page.keyboard.type("Made without a mouse");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Create project" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expectNoAxeViolations(page);
});
