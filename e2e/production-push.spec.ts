import { expect, test, type Browser, type Page } from "@playwright/test";
import type { ChildProcess } from "node:child_process";
import { storageState, unique } from "./helpers/env";
import { pageApi } from "./helpers/page-api";
import { startDemoApp } from "./helpers/demo-app";
import { expectNoAxeViolationsInBothThemes } from "./helpers/axe";

// The story, end to end in Chromium against the real web app, worker, Postgres and Redis: a member asks for a
// production push of a new version of a demo app, sees it wait and cannot approve it; the approver approves; the log
// streams live; the app really serves the new version. Then the member ships a release whose build comes up unhealthy:
// T-Minus rolls back once, to the version before, and locks the target.

const P = "/projects/acme-web";
let app: { url: string; child: ChildProcess };

test.beforeAll(async () => {
  app = await startDemoApp("launch", "2.0.0");
});
test.afterAll(() => {
  app?.child.kill("SIGTERM");
});

// Acme Web's seeded launch is no-go, and the launch gate holds production pushes: this story is about the push, so an
// approver waives what holds the launch for its duration (launch-gate.spec.ts tests the gate itself), and the waivers
// are revoked afterwards so later specs see the seeded launch.
let waived: { page: Page; ids: string[] } | null = null;
async function waiveWhatHoldsTheLaunch(page: Page) {
  const { launch } = (await pageApi(page, "GET", `${P}/launches/active`)).json as { launch: { readiness: { holding: { id: string }[] } } };
  const ids: string[] = [];
  for (const { id } of launch.readiness.holding) {
    const res = await pageApi(page, "POST", `${P}/checklist-items/${id}/waiver`, { reason: "e2e: the production-push story", expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    ids.push(id);
  }
  waived = { page, ids };
}
test.afterEach(async () => {
  if (!waived) return;
  for (const id of waived.ids) await pageApi(waived.page, "DELETE", `${P}/checklist-items/${id}/waiver`);
  waived = null;
});

async function as(browser: Browser, role: "admin" | "approver" | "member") {
  const context = await browser.newContext({ storageState: storageState(role) });
  return context.newPage();
}

async function api<T = Record<string, unknown>>(page: Page, method: string, path: string, body?: unknown, expected = 200): Promise<T> {
  const res = await pageApi(page, method, path, body);
  expect(res.status, JSON.stringify(res.json)).toBe(expected);
  return res.json as T;
}

async function release(page: Page, version: string, message: string) {
  await api(page, "POST", `${P}/releases`, { version, commits: [{ hash: Math.random().toString(16).slice(2, 10), message, author: "Max Member" }] }, 201);
}

test("a member's production push waits for the approver, streams its log and ships; a broken build is rolled back once and the target locked", async ({ browser }) => {
  test.setTimeout(120_000);
  const admin = await as(browser, "admin");
  await admin.goto(`${P}/targets`);
  const target = await api<{ id: string; name: string }>(admin, "POST", `${P}/targets`, {
    name: unique("launch"),
    environment: "production",
    baseUrl: app.url,
    healthPath: "/health",
    providerKind: "command",
    providerSettings: { host: "127.0.0.1", command: `node examples/demo-target/deploy.mjs ${app.url} --step-ms 150` },
  }, 201);
  const approverForWaivers = await as(browser, "approver");
  await approverForWaivers.goto(`${P}/launch`);
  await waiveWhatHoldsTheLaunch(approverForWaivers);
  // The first version live, and a short settle window so the story runs in seconds.
  await api(admin, "PATCH", `${P}/targets/${target.id}/deploy-policy`, { verifySeconds: 2 });
  const base = `2.${Date.now() % 100000}`;
  const [v1, v2, v3] = [`${base}.0`, `${base}.1`, `${base}.2`];

  // —— The member asks for a production push of v2 ——
  const member = await as(browser, "member");
  await member.goto(`${P}/targets`);
  await release(member, v1, "feat: launch page");
  const first = await api<{ id: string }>(admin, "POST", `${P}/deployments`, { targetId: target.id, release: v1, emergencyBypass: { reason: "seed the first version of this app" } }, 201);
  await expect.poll(async () => (await api<{ status: string }>(admin, "GET", `${P}/deployments/${first.id}`)).status, { timeout: 30_000 }).toBe("succeeded");
  await release(member, v2, "feat(search): instant results");

  await member.goto(`${P}/targets/${target.id}`);
  await expect(member.getByText(v1, { exact: true }).first()).toBeVisible();
  await member.getByRole("button", { name: "Deploy a release" }).click();
  const dialog = member.getByRole("dialog", { name: `Deploy to ${target.name}` });
  await dialog.getByLabel("Release").selectOption({ label: v2 });
  await dialog.getByRole("button", { name: /^Deploy .* to / }).click();
  await member.waitForURL(/\/deployments\/[^/]+$/);
  const deploymentUrl = member.url();
  await expect(member.getByText(/waiting for (1 more )?approval/i).first()).toBeVisible();
  await expect(member.getByText("You requested this deployment; someone else must approve it.")).toBeVisible();
  await expect(member.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expectNoAxeViolationsInBothThemes(member);

  // —— The approver approves; the member's open page follows the live log ——
  const approver = await as(browser, "approver");
  await approver.goto(deploymentUrl);
  await approver.getByRole("button", { name: "Approve" }).click();
  await approver.getByRole("dialog").getByRole("button", { name: `Approve ${v2} to ${target.name}` }).click();
  const log = member.getByRole("log", { name: "Deploy log" });
  await expect(log).toContainText(`Switching traffic to ${v2}`, { timeout: 30_000 });
  await expect(log).toContainText("[verify] ok", { timeout: 30_000 });
  await expect(member.getByText(/succeeded|is live/i).first()).toBeVisible({ timeout: 30_000 });
  expect((await (await fetch(`${app.url}/health`)).json()).version).toBe(v2);

  // —— A bad build: it comes up unhealthy, T-Minus rolls back to v2 once and locks the target ——
  await fetch(`${app.url}/__deploy`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ breakNextDeploy: true }) });
  await release(member, v3, "fix(cart): recalculate totals");
  const bad = await api<{ id: string }>(member, "POST", `${P}/deployments`, { targetId: target.id, release: v3, idempotencyKey: `e2e-${Date.now()}` }, 201);
  await approver.goto(`${P}/deployments/${bad.id}`);
  await approver.getByRole("button", { name: "Approve" }).click();
  await approver.getByRole("dialog").getByRole("button", { name: `Approve ${v3} to ${target.name}` }).click();
  await member.goto(`${P}/deployments/${bad.id}`);
  await expect(member.getByText(/rolled back/i).first()).toBeVisible({ timeout: 60_000 });
  await expect(member.getByText(new RegExp(`rolled back to ${v2.replace(/\./g, "\\.")}`)).first()).toBeVisible();
  expect((await (await fetch(`${app.url}/health`)).json()).version).toBe(v2);
  const detail = await api<{ status: string; steps: { name: string; status: string }[] }>(member, "GET", `${P}/deployments/${bad.id}`);
  expect(detail.status).toBe("rolled_back");
  expect(detail.steps.filter((s) => s.name === "rollback")).toHaveLength(1);

  await member.goto(`${P}/targets/${target.id}`);
  await expect(member.getByRole("region", { name: "Target lock", exact: true })).toContainText(`Automatic rollback of ${v3} to ${v2}`);
  const state = await api<{ lock: { reason: string } | null; live: { version: string } }>(member, "GET", `${P}/targets/${target.id}/deploy-state`);
  expect(state.live.version).toBe(v2);
  expect(state.lock?.reason).toMatch(/Automatic rollback/);
  // Locked: another push is refused with the lock's sentence.
  const refused = await pageApi(member, "POST", `${P}/deployments`, { targetId: target.id, release: v3 });
  expect(refused.status).toBe(409);
  expect(JSON.stringify(refused.json)).toContain("is locked by T-Minus");
});
