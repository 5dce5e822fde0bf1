import { expect, test, type Browser, type Page } from "@playwright/test";
import { pageApi } from "./helpers/page-api";
import { storageState, targetUrl, type DemoRole } from "./helpers/env";

// The launch's two ties to the rest of T-Minus, end to end with the real worker:
// - a production push is refused while Acme Web's launch is no-go (the deploy dialog says why) and goes through the
//   gate once an approver's waiver makes it go;
// - an automated item ticks and unticks itself, live on the open checklist, when the fact it watches changes (the
//   demo staging target's health check).
// Everything the tests change is put back, so the seeded launch stays as other specs expect it.

const P = "/projects/acme-web";
type Item = { id: string; ref: string; title: string; status: string; blocking: boolean; satisfied: boolean; binding: { ok: boolean | null; summary: string | null } | null };
type Launch = { id: string; readiness: { go: boolean; verdict: string; holding: { id: string; ref: string; title: string }[] }; items: Item[] };

async function as(browser: Browser, role: DemoRole): Promise<Page> {
  const context = await browser.newContext({ storageState: storageState(role) });
  const page = await context.newPage();
  await page.goto(`${P}/launch`);
  return page;
}
const active = async (page: Page) => ((await pageApi(page, "GET", `${P}/launches/active`)).json as { launch: Launch }).launch;

test("a production push is refused while the launch is no-go and passes the gate once it is go", async ({ browser }) => {
  test.setTimeout(120_000);
  const member = await as(browser, "member");
  const approver = await as(browser, "approver");
  const launch = await active(member);
  expect(launch.readiness.go).toBe(false);
  const hammering = launch.items.find((i) => i.title.startsWith("Edge-case hammering"))!;
  expect(launch.readiness.holding.map((h) => h.id)).toContain(hammering.id);

  const targets = (await pageApi(member, "GET", `${P}/targets`)).json as { id: string; name: string }[];
  const production = targets.find((t) => t.name === "production")!;
  await member.goto(`${P}/targets/${production.id}`);
  await member.getByRole("button", { name: "Deploy a release" }).click();
  const dialog = member.getByRole("dialog", { name: "Deploy to production" });
  await dialog.getByRole("button", { name: /^Deploy .* to / }).click();
  const sentence = dialog.getByTestId("gate-sentence");
  await expect(sentence).toContainText("Acme Web 2.0 is no-go");
  await expect(sentence).toContainText(`${hammering.ref} ${hammering.title}`);
  await expect(sentence).toContainText("Finish or waive them on the launch checklist");
  await member.keyboard.press("Escape");

  let deploymentId: string | null = null;
  const waived: string[] = [];
  try {
    // The approver waives the open blocking item (they do not own it) from its page, with a reason and an expiry.
    waived.push(hammering.id);
    await approver.goto(`${P}/launch/items/${hammering.id}`);
    const waiver = approver.getByRole("region", { name: "Sign-off and waiver" });
    await waiver.getByRole("button", { name: "Waive…" }).click();
    await waiver.getByLabel("Why the launch may go without it").fill("Retry fix verified by hand; the full run finishes after launch");
    const expiry = new Date(Date.now() + 3 * 86_400_000);
    await waiver.getByLabel("Waiver lapses at").fill(new Date(expiry.getTime() - expiry.getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
    await waiver.getByRole("button", { name: `Waive ${hammering.ref}` }).click();
    await expect(waiver.getByText(/Waived by/)).toContainText("approver@acme.test", { timeout: 15_000 });

    // Anything else still holding it (an earlier spec may have dented production's uptime) is waived through the API.
    for (const other of (await active(member)).readiness.holding) {
      const res = await pageApi(approver, "POST", `${P}/checklist-items/${other.id}/waiver`, { reason: "e2e: waived for the gate test", expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      waived.push(other.id);
    }
    await expect.poll(async () => (await active(member)).readiness.verdict, { timeout: 15_000 }).toMatch(/^Go: /);
    const res = await pageApi(member, "POST", `${P}/deployments`, { targetId: production.id, release: "1.4.0", reason: "e2e: through the launch gate", idempotencyKey: `e2e-gate-${Date.now()}` });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    deploymentId = (res.json as { id: string }).id;
    await member.goto(`${P}/deployments/${deploymentId}`);
    await expect(member.getByText(/Acme Web 2\.0 \(Soft launch\) is go: readiness \d+%\./)).toBeVisible();
  } finally {
    if (deploymentId) await pageApi(member, "POST", `${P}/deployments/${deploymentId}/cancel`, { reason: "e2e clean-up" });
    for (const id of waived) await pageApi(approver, "DELETE", `${P}/checklist-items/${id}/waiver`);
    await pageApi(member, "PATCH", `${P}/checklist-items/${hammering.id}`, { status: "in_progress" });
    await member.context().close();
    await approver.context().close();
  }
});

test("an automated item ticks and unticks itself, live, when the staging health check changes", async ({ browser, request }) => {
  test.setTimeout(150_000);
  const admin = await as(browser, "admin");
  const launch = await active(admin);
  const checks = (await pageApi(admin, "GET", `${P}/checks`)).json as { id: string; targetName: string | null; targetId: string; intervalSeconds: number; timeoutSeconds: number; failuresToOpen: number; successesToClose: number }[];
  const check = checks.find((c) => c.targetName === "staging")!;
  const before = { intervalSeconds: check.intervalSeconds, timeoutSeconds: check.timeoutSeconds, failuresToOpen: check.failuresToOpen, successesToClose: check.successesToClose };
  expect((await pageApi(admin, "PATCH", `${P}/checks/${check.id}`, { intervalSeconds: 10, timeoutSeconds: 5, failuresToOpen: 1, successesToClose: 1 })).status).toBe(200);
  const created = await pageApi(admin, "POST", `${P}/launches/${launch.id}/items`, {
    section: "Launch & post-launch ops",
    title: "Staging healthy during the launch week",
    binding: { kind: "check_healthy", targetId: check.targetId, checkId: check.id },
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const item = created.json as Item;
  const control = `${targetUrl("staging")}/__control`;
  try {
    await admin.goto(`${P}/launch`);
    const row = admin.getByTestId("checklist-item").filter({ hasText: "Staging healthy during the launch week" });
    await expect(row.getByText("Automated", { exact: true })).toBeVisible();
    await expect(row.getByRole("combobox")).toHaveValue("done", { timeout: 45_000 });
    await admin.evaluate(() => ((window as unknown as { marker: number }).marker = 7));

    expect((await request.post(control, { data: { mode: "failing" } })).ok()).toBe(true);
    await expect(row.getByRole("combobox")).toHaveValue("todo", { timeout: 45_000 });
    await expect(row).toContainText(/staging/i);

    expect((await request.post(control, { data: { mode: "ok" } })).ok()).toBe(true);
    await expect(row.getByRole("combobox")).toHaveValue("done", { timeout: 45_000 });
    // Without a reload: the page kept its marker while the stream brought the changes.
    expect(await admin.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);

    const detail = (await pageApi(admin, "GET", `${P}/checklist-items/${item.id}`)).json as { evidence: { kind: string; addedBy: string; url: string | null }[]; activity: { action: string }[] };
    expect(detail.evidence.filter((e) => e.kind === "auto" && e.addedBy === "T-Minus").length).toBeGreaterThanOrEqual(3);
    expect(detail.activity.map((a) => a.action)).toEqual(expect.arrayContaining(["auto.ticked", "auto.unticked"]));
  } finally {
    await request.post(control, { data: { mode: "ok" } });
    await pageApi(admin, "DELETE", `${P}/checklist-items/${item.id}`);
    await pageApi(admin, "PATCH", `${P}/checks/${check.id}`, before);
    await admin.context().close();
  }
});
