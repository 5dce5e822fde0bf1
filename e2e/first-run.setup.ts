import { expect, test as setup } from "@playwright/test";
import { expectNoAxeViolations } from "./helpers/axe";
import { assertDisposableDatabase, waitForServer } from "./helpers/disposable-db";
import { account } from "./helpers/env";

// Runs first, on the empty database scripts/e2e.mjs makes: the first visitor creates the instance admin through
// /setup, exactly as on a fresh install. The demo seed then finds that admin and adds the rest.
setup("the first visitor of a fresh install sets it up and becomes the instance admin", async ({ page, baseURL }) => {
  assertDisposableDatabase(process.env.DATABASE_URL);
  setup.skip(process.env.E2E_REUSE_DB === "1", "E2E_REUSE_DB=1: this database was set up by an earlier run");
  await waitForServer(baseURL!);
  const admin = account("admin");

  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Set up T-Minus" })).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Your name").fill(admin.name);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: /create/i }).click();
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/setup$/);

  await page.getByLabel("Password").fill(admin.password);
  await page.getByRole("button", { name: /create/i }).click();
  await page.waitForURL(/\/projects$/);
  await expect(page.getByRole("banner").getByText(admin.name).first()).toBeVisible();
  await expect(page.getByText("No projects yet")).toBeVisible();
  await expectNoAxeViolations(page);

  // Set-up happens once: the page says so, and the API refuses a second first user.
  await page.goto("/setup");
  await expect(page.getByRole("heading", { name: "T-Minus is already set up" })).toBeVisible();
  const again = await page.request.post("/api/v1/setup", { data: { name: "Mallory", email: "mallory@acme.test", password: "long-enough-1" } });
  expect(again.status()).toBe(409);
  expect((await again.json()).error.code).toBe("already_set_up");
});
