import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { pageApi } from "./helpers/page-api";
import { designShot } from "./helpers/shots";
import { storageState, targetUrl, unique } from "./helpers/env";

// The launch cockpit (the project home) and the war room. The demo seed gives Acme Web an active launch in soft launch
// whose Phase 5 checklist is partly done with one blocking item open, and two demo targets (staging on 4201,
// production on 4202, which answer POST /__control {mode}).
test.use({ storageState: storageState("admin") });

const P = "/projects/acme-web";
const WAR_ROOM = "/war-room/acme-web";

type Cockpit = {
  launch: { stage: string; readiness: { go: boolean; holding: { id: string }[] } } | null;
  targets: { id: string; name: string; health: { checkId: string } | null }[];
  feedback: { last24h: number; lastHour: number; inbox: number; openCriticals: number; criticals: { ref: string }[] };
};
type Check = { id: string; intervalSeconds: number; timeoutSeconds: number; failuresToOpen: number; successesToClose: number };

async function api<T>(page: Page, method: string, path: string, body?: unknown, want?: number): Promise<T> {
  const res = await pageApi(page, method, path, body);
  if (want !== undefined) expect(res.status, `${method} ${path}: ${JSON.stringify(res.json)}`).toBe(want);
  return res.json as T;
}

/** Nothing wider than the window: no sideways scrolling, and the header's ends are on screen. */
async function expectNoHorizontalOverflow(page: Page, label: string) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll, `${label}: page width`).toBeLessThanOrEqual(width);
  for (const el of [page.getByRole("heading", { level: 1 }), page.getByRole("link", { name: "Exit" })]) {
    const box = await el.boundingBox();
    expect(box, label).not.toBeNull();
    expect(box!.x, label).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, label).toBeLessThanOrEqual(width);
  }
}

test("the project home is the cockpit: stage, countdown, readiness with the blocking item, environments with status in words", async ({ page }) => {
  await page.goto(P);
  await expect(page).toHaveTitle("Overview · Acme Web · T-Minus");
  await expect(page.getByRole("heading", { name: "Acme Web", level: 1 })).toBeVisible();

  const launch = page.getByTestId("launch");
  await expect(launch.getByTestId("stage")).toHaveText("Soft launch");
  await expect(launch.getByTestId("countdown")).toBeVisible();

  const readiness = page.getByTestId("readiness");
  await expect(readiness.getByTestId("verdict")).toHaveText("No-go");
  await expect(readiness.getByTestId("verdict-text")).toContainText(/No-go: 1 blocking item open/);
  const blocking = readiness.getByTestId("holding").getByRole("link");
  await expect(blocking).toHaveCount(1);
  await expect(blocking).toHaveAttribute("href", /^\/projects\/acme-web\/launch\/items\/[^/]+$/);
  await expect(blocking).toContainText(/^L-\d+ /);

  for (const name of ["staging", "production"]) {
    const tile = page.locator(`[data-testid="environment"][data-target="${name}"]`);
    await expect(tile).toBeVisible();
    await expect(tile.locator("[data-state]")).toHaveText(/^(Up|Degraded|Down|Unknown|Paused)$/);
    await expect(tile.getByTestId("latency")).not.toBeEmpty();
  }
  // The seeded week of feedback: items waiting in the inbox, none critical and open, a link to triage them.
  const feedback = page.getByTestId("feedback");
  await expect(feedback).toContainText("Last 24 h");
  await expect(feedback).toContainText("No critical feedback is open");
  await expect(feedback.getByRole("link", { name: /^Triage the \d+ new items?$/ })).toHaveAttribute("href", `${P}/feedback`);
  // The project tab and the cockpit's own button both open the war room.
  const warRoomLinks = page.getByRole("main").getByRole("link", { name: "War room" });
  await expect(warRoomLinks).toHaveCount(2);
  for (const link of await warRoomLinks.all()) await expect(link).toHaveAttribute("href", WAR_ROOM);
  await expectNoAxeViolationsInBothThemes(page);

  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(P);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.setViewportSize({ width: 1440, height: 900 });
});

test("the cockpit API answers the same launch, every target and the feedback figures", async ({ page }) => {
  await page.goto(P);
  const cockpit = await api<Cockpit>(page, "GET", `${P}/cockpit`, undefined, 200);
  expect(cockpit.launch?.stage).toBe("soft_launch");
  expect(cockpit.launch?.readiness.go).toBe(false);
  expect(cockpit.launch?.readiness.holding.length).toBeGreaterThanOrEqual(1);
  expect(cockpit.targets.map((t) => t.name).sort()).toEqual(expect.arrayContaining(["production", "staging"]));
  // Counts from the feedback API agree with the cockpit's.
  const inbox = await api<unknown[]>(page, "GET", `${P}/feedback?view=inbox&limit=200`, undefined, 200);
  expect(cockpit.feedback.inbox).toBe(inbox.length);
  expect(cockpit.feedback.inbox).toBeGreaterThan(0);
  expect(cockpit.feedback.criticals.length).toBeLessThanOrEqual(cockpit.feedback.openCriticals);
});

test("the war room fits a projector and a phone, and passes axe in both themes", async ({ page }) => {
  for (const [width, height] of [
    [1920, 1080],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.goto(WAR_ROOM);
    await expect(page).toHaveTitle("War room · Acme Web · T-Minus");
    await expect(page.getByRole("heading", { name: "Acme Web", level: 1 })).toBeVisible();
    await expect(page.getByTestId("stage")).toContainText("Soft launch");
    await expect(page.getByRole("link", { name: "Exit" })).toHaveAttribute("href", P);
    await expect(page.getByTestId("readiness").getByTestId("verdict")).toHaveText("No-go");
    await expect(page.getByTestId("holding").getByRole("link")).toHaveCount(1);
    await expect(page.locator('[data-testid="environment"][data-target="production"] [data-state]')).toBeVisible();
    // No app chrome: the war room is the whole screen.
    await expect(page.getByRole("navigation", { name: "Project" })).toHaveCount(0);
    await expectNoHorizontalOverflow(page, `${width} px`);
    await designShot(page, `war-room-${width}`);
    await expectNoAxeViolationsInBothThemes(page);
  }
});

test("an unknown project's war room is the app's 404", async ({ page }) => {
  const res = await page.goto("/war-room/no-such-project");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This page does not exist", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to your projects" })).toBeVisible();
});

test("the war room updates live when a deployment is requested and when a target's health changes", async ({ page, request }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(WAR_ROOM);
  const cockpit = await api<Cockpit>(page, "GET", `${P}/cockpit`, undefined, 200);
  const production = cockpit.targets.find((t) => t.name === "production")!;
  // Staging's health flips (production's uptime feeds the seeded launch's uptime item, which later specs read).
  const staging = cockpit.targets.find((t) => t.name === "staging")!;
  expect(staging.health, "the seed monitors staging").not.toBeNull();
  const checkPath = `${P}/checks/${staging.health!.checkId}`;
  const check = await api<Check>(page, "GET", checkPath, undefined, 200);
  const before = { intervalSeconds: check.intervalSeconds, timeoutSeconds: check.timeoutSeconds, failuresToOpen: check.failuresToOpen, successesToClose: check.successesToClose };
  const control = `${targetUrl("staging")}/__control`;
  let deploymentId: string | null = null;
  try {
    // Anything that reloads the page would drop this marker.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    // Production needs an approval in the demo, so the request waits where everyone can see it. The seeded launch is
    // no-go, so the admin passes its gate with an override (audited, and shown on the deployment).
    const releases = await api<{ id: string; version: string }[]>(page, "GET", `${P}/releases`, undefined, 200);
    const deployment = await api<{ id: string; number: number }>(page, "POST", `${P}/deployments`, { targetId: production.id, release: releases[0].id, reason: unique("War room e2e"), override: { reason: "War room e2e: past the no-go launch" } }, 201);
    deploymentId = deployment.id;
    await expect(page.getByTestId("approvals").getByRole("link", { name: new RegExp(`^#${deployment.number} `) })).toBeVisible({ timeout: 20_000 });

    // Health: quicken the check, make the target fail, and watch its status turn without a reload.
    await api(page, "PATCH", checkPath, { intervalSeconds: 10, timeoutSeconds: 5, failuresToOpen: 1, successesToClose: 1 }, 200);
    const state = page.locator('[data-testid="environment"][data-target="staging"] [data-state]');
    expect((await request.post(control, { data: { mode: "failing" } })).ok()).toBe(true);
    await expect(state).toHaveText("Down", { timeout: 45_000 });
    await expect(page.getByTestId("incidents").getByRole("link").first()).toBeVisible({ timeout: 20_000 });
    expect((await request.post(control, { data: { mode: "ok" } })).ok()).toBe(true);
    await expect(state).toHaveText("Up", { timeout: 45_000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  } finally {
    await request.post(control, { data: { mode: "ok" } });
    await pageApi(page, "PATCH", checkPath, before);
    if (deploymentId) await pageApi(page, "POST", `${P}/deployments/${deploymentId}/cancel`, { reason: "war room e2e done" });
  }
});
