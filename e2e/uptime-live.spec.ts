import { expect, test } from "@playwright/test";
import { pageApi } from "./helpers/page-api";
import { storageState, targetUrl } from "./helpers/env";

// The scenario, end to end with the real worker's scheduler: the demo production target is switched to
// failing; its open health page shows the failure and the incident without a reload; it recovers, still without a
// reload; the public status page shows the incident. The seeded check is made quick for the test (10 s, opens on the
// first failure) and put back afterwards.
test.use({ storageState: storageState("admin") });

type Check = { id: string; name: string; targetName: string | null; intervalSeconds: number; timeoutSeconds: number; failuresToOpen: number; successesToClose: number; openIncidentId: string | null };

test("a failing demo target shows on its open health page, opens an incident, recovers, and the status page tells visitors", async ({ page, request }) => {
  test.setTimeout(150_000);
  const control = `${targetUrl("production")}/__control`;
  await page.goto("/projects/acme-web/uptime");
  const checks = (await pageApi(page, "GET", "/projects/acme-web/checks")).json as Check[];
  const check = checks.find((c) => c.targetName === "production")!;
  expect(check, "the seed monitors the production target").toBeTruthy();
  const before = { intervalSeconds: check.intervalSeconds, timeoutSeconds: check.timeoutSeconds, failuresToOpen: check.failuresToOpen, successesToClose: check.successesToClose };
  const patch = (body: unknown) => pageApi(page, "PATCH", `/projects/acme-web/checks/${check.id}`, body);
  expect((await patch({ intervalSeconds: 10, timeoutSeconds: 5, failuresToOpen: 1, successesToClose: 1 })).status).toBe(200);
  try {
    await page.goto(`/projects/acme-web/uptime/${check.id}`);
    const heading = page.getByRole("heading", { level: 1 });
    await expect(heading).toContainText("Up", { timeout: 30_000 });
    // Anything that reloads the page would drop this marker.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    expect((await request.post(control, { data: { mode: "failing" } })).ok()).toBe(true);
    await expect(heading).toContainText("Down", { timeout: 30_000 });
    const incident = page.getByRole("link", { name: /^Incident #\d+ is open/ });
    await expect(incident).toBeVisible({ timeout: 15_000 });
    const number = /#(\d+)/.exec((await incident.textContent()) ?? "")![1];

    expect((await request.post(control, { data: { mode: "ok" } })).ok()).toBe(true);
    await expect(heading).toContainText("Up", { timeout: 30_000 });
    await expect(incident).toBeHidden({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

    // Visitors see it on the status page (cached for up to 15 s, so look again until it shows).
    await expect(async () => {
      const res = await request.get("/status/acme-web");
      expect(res.status()).toBe(200);
      const html = await res.text();
      expect(html).toContain("production outage");
      expect(html).not.toContain(targetUrl("production"));
    }).toPass({ timeout: 30_000 });
    await page.goto("/status/acme-web");
    await expect(page.getByText("production outage").first()).toBeVisible();
    await expect(page.getByText("production has recovered.").first()).toBeVisible();
    expect(number).toMatch(/^\d+$/);
  } finally {
    await request.post(control, { data: { mode: "ok" } });
    await patch(before);
  }
});
