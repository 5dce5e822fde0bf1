import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { signInThroughForm } from "./helpers/auth";
import { targetUrl, unique } from "./helpers/env";

test("admin signs in, creates a project and a target, tests it live, and finds it all in the audit log", async ({ page }) => {
  await page.goto("/signin");
  await expectNoAxeViolationsInBothThemes(page);
  await signInThroughForm(page, "admin");
  await expect(page.getByRole("heading", { name: "Projects", level: 1 })).toBeVisible();
  await expectNoAxeViolationsInBothThemes(page);

  const name = unique("Journey");
  await page.getByRole("button", { name: "New project" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Description").fill("Created by the e2e journey");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  // The new project's cockpit: nothing to watch yet, and where to add it.
  await expect(page.getByRole("region", { name: "Environments" })).toContainText("This project has no environments yet");
  await expect(page.getByRole("region", { name: "No launch running" }).getByRole("link", { name: "Start a launch" })).toBeVisible();
  // The title arrives with the client-side navigation; it names the project before anything is scanned.
  await expect(page).toHaveTitle(new RegExp(`${name} · T-Minus$`));
  await expectNoAxeViolationsInBothThemes(page);

  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Targets" }).click();
  await expect(page.getByRole("heading", { name: "Targets", level: 1 })).toBeVisible();
  await expect(page).toHaveTitle(`Targets · ${name} · T-Minus`);
  await expectNoAxeViolations(page);
  await page.getByRole("button", { name: "New target" }).click();
  const form = page.getByRole("form", { name: "Add a target" });
  await form.getByLabel("Name").fill("web");
  await form.getByLabel("Environment").selectOption("staging");
  await form.getByLabel("Base URL").fill(targetUrl("staging"));
  await form.getByRole("button", { name: "Add target" }).click();

  const card = page.getByRole("listitem", { name: "web" });
  await expect(card).toBeVisible();
  await expect(card.getByText("Never tested")).toBeVisible();
  await card.getByRole("button", { name: "Test connection to web" }).click();
  const result = card.getByTestId("connection-test");
  await expect(result.getByText("Succeeded")).toBeVisible({ timeout: 30_000 });
  await expect(result.getByText("HTTP 200")).toBeVisible();
  await expect(result.getByText("1.4.0")).toBeVisible();
  await expect(result.getByText(/\d+ ms/)).toBeVisible();
  await expectNoAxeViolationsInBothThemes(page);

  await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
  const table = page.getByRole("table");
  for (const action of ["project.create", "target.create", "target.test"]) {
    await expect(table.getByText(action, { exact: true }).first()).toBeVisible();
  }
  await expectNoAxeViolationsInBothThemes(page);

  await page.getByLabel("Action").fill("target.");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=target\./);
  await expect(table.getByText("project.create", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", /audit\/export\?action=target\./);
  const csv = await page.request.get((await page.getByRole("link", { name: "Export CSV" }).getAttribute("href"))!);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("target.create");
});
