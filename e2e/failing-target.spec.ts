import { expect, test } from "@playwright/test";
import { expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { storageState, targetUrl } from "./helpers/env";

test.use({ storageState: storageState("admin") });

// Staging, not production: production's uptime feeds the seeded launch's uptime item, which later specs read.
test("a failing target shows a failed result with its reason", async ({ page, request }) => {
  const control = `${targetUrl("staging")}/__control`;
  await page.goto("/projects/acme-web/targets");
  const card = page.getByRole("listitem", { name: "staging", exact: true });
  await expect(card).toBeVisible();
  try {
    expect((await request.post(control, { data: { mode: "failing" } })).ok()).toBe(true);
    await card.getByRole("button", { name: "Test connection to staging" }).click();
    const result = card.getByTestId("connection-test");
    await expect(result.getByText("Failed")).toBeVisible({ timeout: 30_000 });
    await expect(result.getByText("HTTP 503", { exact: true })).toBeVisible();
    await expect(result.getByText("Health check answered HTTP 503")).toBeVisible();
    await expectNoAxeViolationsInBothThemes(page);
  } finally {
    await request.post(control, { data: { mode: "ok" } });
  }
});
