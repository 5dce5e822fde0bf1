import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { assertDisposableDatabase } from "./helpers/disposable-db";
import { storageState } from "./helpers/env";

test.use({ storageState: storageState("admin") });

test("an instance admin sees a stuck job on the admin page, retries it, and it leaves the list", async ({ page }) => {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: assertDisposableDatabase(process.env.DATABASE_URL) }) });
  const id = `e2e-stuck-${randomBytes(4).toString("hex")}`;
  try {
    // A dead letter as the relay leaves one: valid now (the cause was fixed), refused five times before.
    await db.outboxJob.create({
      data: { id, name: "target.probe", payload: { connectionTestId: `missing-${id}` }, attempts: 5, lastError: "queue refused the job 5 times", failedAt: new Date() },
    });
    await page.goto("/admin");
    const stuck = page.getByRole("region", { name: "Stuck jobs" }).or(page.locator("[aria-labelledby=dead-letters-heading]"));
    await expect(stuck.getByText("queue refused the job 5 times")).toBeVisible();
    await expect(stuck.getByText(id)).toBeVisible();
    await expectNoAxeViolationsInBothThemes(page);

    await stuck.getByRole("button", { name: `Retry target.probe job ${id}` }).click();
    const outcome = stuck.getByRole("status").filter({ hasText: "Retried" });
    await expect(outcome).toHaveText("Retried: the job reached the queue.");
    await expect(outcome).toBeFocused();
    await expect.poll(async () => (await db.outboxJob.findUnique({ where: { id } }))?.failedAt ?? null).toBeNull();

    await page.reload();
    await expect(stuck.getByText(id)).toHaveCount(0);
    // The retry itself is recorded in the instance's activity.
    await expect(page.locator("[aria-labelledby=instance-activity-heading]").getByText(`retried the stuck job ${id}`)).toBeVisible();
  } finally {
    await db.outboxJob.deleteMany({ where: { id } });
    await db.$disconnect();
  }
});

test("a project admin who is not an instance admin cannot list stuck jobs", async ({ browser }) => {
  const member = await browser.newContext({ storageState: storageState("member") });
  const res = await member.request.get("/api/v1/instance/outbox");
  expect(res.status()).toBe(403);
  await member.close();
});
