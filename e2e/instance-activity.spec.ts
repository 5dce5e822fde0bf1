import { expect, test } from "@playwright/test";
import { expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { storageState } from "./helpers/env";

test.use({ storageState: storageState("admin") });

test("the admin page shows the instance's own activity as sentences, such as the demo admin's sign-in", async ({ page }) => {
  await page.goto("/admin");
  const activity = page.locator("[aria-labelledby=instance-activity-heading]");
  await expect(activity.getByRole("heading", { name: "Instance activity" })).toBeVisible();
  await expect(activity.getByText("admin@acme.test signed in with a password").first()).toBeVisible();
  await expect(activity.getByText("auth.signin").first()).toBeVisible();
  await expectNoAxeViolationsInBothThemes(page);
});
