import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./helpers/axe";
import { storageState, targetUrl, unique } from "./helpers/env";

test.use({ storageState: storageState("admin") });

test("a secret set on a target never appears in the page or the API", async ({ page }) => {
  const secret = `s3cr3t-${Date.now()}-do-not-leak`;
  await page.goto("/projects");
  const name = unique("Secrets");
  await page.getByRole("button", { name: "New project" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const base = page.url();

  await page.goto(`${base}/targets`);
  await page.getByRole("button", { name: "New target" }).click();
  const form = page.getByRole("form", { name: "Add a target" });
  await form.getByLabel("Name").fill("vercel-prod");
  await form.getByLabel("Base URL").fill(targetUrl("staging"));
  await form.getByLabel("Provider").selectOption("vercel");
  await form.getByLabel("Project ID").fill("prj_e2e");
  await form.getByLabel("API token").fill(secret);
  await form.getByRole("button", { name: "Add target" }).click();

  const card = page.getByRole("listitem", { name: "vercel-prod" });
  await expect(card.getByText("token: stored")).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  await page.reload();
  await expect(card.getByText("token: stored")).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  await card.getByRole("button", { name: "Edit vercel-prod" }).click();
  const edit = page.getByRole("form", { name: "Edit vercel-prod" });
  await expect(edit.getByText("stored", { exact: true })).toBeVisible();
  await expect(edit.getByLabel("API token", { exact: true })).toHaveValue("");
  expect(await page.content()).not.toContain(secret);
  await expectNoAxeViolations(page);

  const slug = new URL(base).pathname.split("/").pop();
  const api = await page.request.get(`/api/v1/projects/${slug}/targets`);
  expect(await api.text()).not.toContain(secret);
});
