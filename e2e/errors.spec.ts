import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { storageState, unique } from "./helpers/env";

test("a wrong password says what went wrong", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill("nobody@acme.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Could not sign in" })).toContainText("The email or password is not right");
  await expectNoAxeViolations(page);
});

test.describe("as admin", () => {
  test.use({ storageState: storageState("admin") });

  test("empty states say what to do next, and invalid fields show the API's message beside them", async ({ page }) => {
    await page.goto("/projects");
    await page.getByRole("button", { name: "New project" }).click();
    await page.getByRole("button", { name: "Create project" }).click();
    const projectName = page.getByLabel("Name");
    await expect(projectName).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#project-name-error")).toHaveText(/must be at least 2 characters/);
    await expect(projectName).toHaveAttribute("aria-describedby", /project-name-error/);
    await expectNoAxeViolations(page);

    const name = unique("Empty");
    await projectName.fill(name);
    await page.getByRole("button", { name: "Create project" }).click();
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    const base = page.url();

    await page.goto(`${base}/targets`);
    await expect(page.getByText("No targets yet")).toBeVisible();
    await expect(page.getByText(/Press New target to add the first environment/)).toBeVisible();
    await page.getByRole("button", { name: "New target" }).click();
    const form = page.getByRole("form", { name: "Add a target" });
    await form.getByLabel("Name").fill("broken");
    await form.getByLabel("Base URL").fill("not a url");
    await form.getByLabel("Health path").fill("health");
    await form.getByRole("button", { name: "Add target" }).click();
    const baseUrl = form.getByLabel("Base URL");
    await expect(baseUrl).toHaveAttribute("aria-invalid", "true");
    await expect(form.locator(`#${await baseUrl.getAttribute("id")}-error`)).toHaveText("must be an http(s) URL");
    await expect(form.getByText("must start with / and contain no spaces")).toBeVisible();
    await expect(form.getByRole("alert")).toContainText("The target was not added");
    await expect(form.getByRole("alert")).toContainText("Check the 2 fields marked below");
    await expectNoAxeViolationsInBothThemes(page);

    await page.goto(`${base}/tokens`);
    await expect(page.getByText("No API tokens yet")).toBeVisible();
    await expectNoAxeViolations(page);

    await page.goto(`${base}/members`);
    await expect(page.getByText("No pending invitations")).toBeVisible();
    await page.getByRole("button", { name: "Invite someone" }).click();
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByRole("button", { name: "Create invitation" }).click();
    await expect(page.getByText("must be an email address")).toBeVisible();
    await expectNoAxeViolations(page);
  });
});
