import { expect, test, type Page } from "@playwright/test";
import { expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { pageApi } from "./helpers/page-api";
import { storageState, targetUrl, unique } from "./helpers/env";
import { designShot, SHOTS_DIR } from "./helpers/shots";

// The deploy pages as pages: axe in both themes, keyboard use, empty states, no sideways scrolling on a phone, and
// the deploy dialog showing a closed gate's sentence. The deploy flows themselves are tested in deployments.spec.ts.
// With UI_SHOTS_DIR set, screenshots (light/dark × 1440/390) go there for the design review; they are not compared.
const P = "/projects/acme-web";

type Json = Record<string, unknown> & { id: string };

async function api<T = Json>(page: Page, method: string, path: string, body?: unknown, want?: number): Promise<T> {
  const res = await pageApi(page, method, path, body);
  if (want !== undefined) expect(res.status, `${method} ${path}: ${JSON.stringify(res.json)}`).toBe(want);
  return res.json as T;
}

// Acme Web's seeded launch is no-go, so the admin's requests pass its gate with an override (these specs are about the
// deploy pages, not the launch).
const PAST_LAUNCH_GATE = { override: { reason: "Deploy-page e2e on a scratch target, past the no-go launch" } };

/** A production target that deploys through the command provider (a shell loop in the worker). */
async function commandTarget(page: Page, name: string, lines = 12) {
  return api<Json & { name: string }>(page, "POST", `${P}/targets`, {
    name,
    environment: "production",
    baseUrl: targetUrl("production"),
    // The home page answers 200 without a version, so verification passes for any release the loop "deploys".
    healthPath: "/",
    providerKind: "command",
    providerSettings: { host: "localhost", command: `echo "Deploying $TMINUS_VERSION to $TMINUS_TARGET"; for i in $(seq 1 ${lines}); do echo "step $i: upload bundle chunk $i of ${lines}"; sleep 0.1; done; echo done` },
  }, 201);
}

async function waitForStatus(page: Page, id: string, statuses: string[]) {
  await expect
    .poll(async () => (await api<{ status: string }>(page, "GET", `${P}/deployments/${id}`)).status, { timeout: 45_000 })
    .toMatch(new RegExp(`^(${statuses.join("|")})$`));
}

const setTheme = (page: Page, dark: boolean) =>
  page.evaluate((d) => {
    localStorage.setItem("tminus-theme", d ? "dark" : "light");
    document.documentElement.classList.toggle("dark", d);
  }, dark);

async function shoot(page: Page, path: string, name: string) {
  if (!SHOTS_DIR) return;
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 800 : 900 });
    for (const dark of [false, true]) {
      await page.goto(path);
      await setTheme(page, dark);
      await page.reload();
      await page.waitForLoadState("networkidle").catch(() => undefined);
      await designShot(page, `deploy-${name}-${width}-${dark ? "dark" : "light"}`);
    }
  }
  await setTheme(page, false);
}

async function noSidewaysScroll(page: Page, path: string) {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(path);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${path} at 360 px`).toBeLessThanOrEqual(360);
  await page.setViewportSize({ width: 1440, height: 900 });
}

test.describe("as admin", () => {
  test.use({ storageState: storageState("admin") });

  test("empty states say what to do next", async ({ page }) => {
    await page.goto(`${P}/targets`);
    const target = await commandTarget(page, unique("Empty"));
    await page.goto(`${P}/targets/${target.id}`);
    await expect(page).toHaveTitle(`${target.name} · Targets · Acme Web · T-Minus`);
    await expect(page.getByTestId("live-version")).toHaveText("—");
    await expect(page.getByRole("heading", { name: "No deployments yet" })).toBeVisible();
    await expect(page.getByText("Press Deploy a release to send a release")).toBeVisible();
    await expectNoAxeViolationsInBothThemes(page);

    await page.goto(`${P}/deployments?target=${target.id}`);
    await expect(page.getByRole("heading", { name: "No deployments match these filters" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Deployments" })).toHaveAttribute("aria-current", "page");
    await expectNoAxeViolationsInBothThemes(page);
    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await expect(page.getByLabel("Target")).toHaveValue("");
    await expect(page).toHaveURL(/\/deployments$/);
  });

  test("target page, deployment page and list: live version, steps and log; axe in both themes; keyboard; no sideways scroll", async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto(`${P}/targets`);
    const target = await commandTarget(page, unique("Web prod"));
    await api(page, "PATCH", `${P}/targets/${target.id}/deploy-policy`, { verifySeconds: 0, approvalsRequired: 0 }, 200);
    const releases = await api<{ id: string; version: string }[]>(page, "GET", `${P}/releases`, undefined, 200);
    expect(releases.length).toBeGreaterThan(1);
    const older = releases[1];
    const newer = releases[0];

    const first = await api<Json & { number: number }>(page, "POST", `${P}/deployments`, { targetId: target.id, release: older.id, idempotencyKey: `e2e-${Date.now()}-a`, ...PAST_LAUNCH_GATE }, 201);
    await waitForStatus(page, first.id, ["succeeded"]);
    const second = await api<Json & { number: number }>(page, "POST", `${P}/deployments`, { targetId: target.id, release: newer.id, idempotencyKey: `e2e-${Date.now()}-b`, ...PAST_LAUNCH_GATE }, 201);
    await waitForStatus(page, second.id, ["succeeded"]);

    // Target page: the live version first, then history with Roll back on the older succeeded one only.
    const targetPage = `${P}/targets/${target.id}`;
    await page.goto(targetPage);
    await expect(page.getByTestId("live-version")).toHaveText(newer.version);
    const rollBack = page.getByRole("button", { name: `Roll back ${target.name} to ${older.version} (deployment #${first.number})` });
    await expect(rollBack).toBeVisible();
    await expect(page.getByRole("button", { name: new RegExp(`deployment #${second.number}\\)`) })).toHaveCount(0);
    await expectNoAxeViolationsInBothThemes(page);

    // Keyboard: the rollback dialog opens with Enter, shows what a rollback does not undo, Esc closes it and focus returns.
    await rollBack.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: `Roll ${target.name} back to ${older.version}?` });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("does not revert environment variables");
    await expect(dialog.getByLabel("Why roll back?")).toBeFocused();
    await page.keyboard.press("Enter");
    await expectNoAxeViolationsInBothThemes(page);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(rollBack).toBeFocused();

    // Deploy dialog by keyboard: the release select takes focus, the changelog summary follows the choice.
    const deploy = page.getByRole("button", { name: "Deploy a release" });
    await deploy.focus();
    await page.keyboard.press("Enter");
    const deployDialog = page.getByRole("dialog", { name: `Deploy to ${target.name}` });
    await expect(deployDialog.getByLabel("Release")).toBeFocused();
    await expect(deployDialog.getByRole("region", { name: `Changes in ${newer.version}` })).toBeVisible();
    await expect(deployDialog.getByText("Override lock, freeze or no-go launch")).toBeVisible();
    await expectNoAxeViolationsInBothThemes(page);
    await page.keyboard.press("Escape");
    await expect(deploy).toBeFocused();
    await noSidewaysScroll(page, targetPage);

    // Deployment page: header, status in words, steps, log lines.
    const depPage = `${P}/deployments/${second.id}`;
    await page.goto(depPage);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`#${second.number} · ${newer.version} → ${target.name}`);
    await expect(page).toHaveTitle(`#${second.number} ${newer.version} → ${target.name} · Deployments · Acme Web · T-Minus`);
    await expect(page.getByTestId("status-sentence")).toHaveText(`Deployed ${newer.version} to ${target.name}.`);
    const log = page.getByRole("log", { name: "Deploy log" });
    await expect(log).toHaveAttribute("aria-live", "polite");
    await expect(log).toContainText(`Deploying ${newer.version} to ${target.name}`);
    await expect(page.getByRole("list", { name: "Steps" }).getByRole("listitem").first()).toContainText("Requested");
    await expectNoAxeViolationsInBothThemes(page);
    await noSidewaysScroll(page, depPage);

    await page.goto(`${P}/deployments`);
    await expect(page.getByTestId("deployment-row").first()).toContainText(`#${second.number}`);
    await page.getByLabel("Status").selectOption("succeeded");
    await expect(page).toHaveURL(/status=succeeded/);
    await expectNoAxeViolationsInBothThemes(page);
    await noSidewaysScroll(page, `${P}/deployments`);

    // Something waiting for approval, a freeze window and a lock, for the screenshots and the approver below.
    await api(page, "PATCH", `${P}/targets/${target.id}/deploy-policy`, { approvalsRequired: 1 }, 200);
    const waiting = await api<Json>(page, "POST", `${P}/deployments`, { targetId: target.id, release: older.id, reason: "Back to the stable checkout while we investigate", idempotencyKey: `e2e-${Date.now()}-c`, ...PAST_LAUNCH_GATE }, 201);
    await page.goto(`${P}/deployments/${waiting.id}`);
    await expect(page.getByTestId("why-not")).toHaveText("You requested this deployment; someone else must approve it.");
    await expectNoAxeViolationsInBothThemes(page);
    await api(page, "POST", `${P}/freeze-windows`, { kind: "weekly", name: "Weekend", targetId: target.id, weekdays: [6, 7], startTime: "00:00", endTime: "00:00", timeZone: "Europe/Amsterdam" }, 201);

    await shoot(page, targetPage, "target");
    await shoot(page, depPage, "deployment");
    await shoot(page, `${P}/deployments/${waiting.id}`, "awaiting");
    await shoot(page, `${P}/deployments`, "list");
    await api(page, "POST", `${P}/targets/${target.id}/lock`, { reason: "Payment errors since 14:00; investigating" }, 200);
    await page.goto(targetPage);
    await expect(page.getByRole("region", { name: "Target lock", exact: true })).toContainText("Payment errors since 14:00");
    await expectNoAxeViolationsInBothThemes(page);
    await shoot(page, targetPage, "target-locked");
  });
});

test.describe("as approver", () => {
  test.use({ storageState: storageState("approver") });

  test("the inbox lists what waits for me and links to it; the header shows the count", async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto("/approvals");
    await expect(page).toHaveTitle("Approvals · T-Minus");
    await expect(page.getByRole("heading", { name: "Approvals", level: 1 })).toBeVisible();
    const review = page.getByRole("link", { name: /^Review #\d+/ }).first();
    if (await review.count()) {
      await expect(page.getByTestId("approvals-count")).toBeVisible();
      await expectNoAxeViolationsInBothThemes(page);
      await shoot(page, "/approvals", "inbox");
      await review.focus();
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/\/deployments\//);
      await expect(page.getByRole("button", { name: "Approve" })).toBeVisible();
      await expectNoAxeViolationsInBothThemes(page);
      await shoot(page, page.url().replace(/^https?:\/\/[^/]+/, ""), "approver-view");
    } else {
      await expect(page.getByRole("heading", { name: "Nothing waits for your approval" })).toBeVisible();
      await expectNoAxeViolationsInBothThemes(page);
    }
    await noSidewaysScroll(page, "/approvals");
  });
});

test.describe("as member", () => {
  test.use({ storageState: storageState("member") });

  test("an empty inbox says why it is empty", async ({ page }) => {
    await page.goto("/approvals");
    await expect(page.getByRole("heading", { name: "Nothing waits for your approval" })).toBeVisible();
    await expectNoAxeViolationsInBothThemes(page);
  });

  test("the deploy dialog shows a closed gate's sentence from the 409", async ({ page, browser }) => {
    // An admin makes and locks the target; the member (who cannot override) tries to deploy through the dialog.
    const admin = await browser.newContext({ storageState: storageState("admin") });
    const adminPage = await admin.newPage();
    await adminPage.goto(`${P}/targets`);
    const target = await commandTarget(adminPage, unique("Locked"));
    await api(adminPage, "POST", `${P}/targets/${target.id}/lock`, { reason: "Launch rehearsal in progress" }, 200);
    await admin.close();

    await page.goto(`${P}/targets/${target.id}`);
    await expect(page.getByRole("region", { name: "Target lock", exact: true })).toContainText("Launch rehearsal in progress");
    await expect(page.getByRole("button", { name: "Unlock" })).toHaveCount(0);
    await page.getByRole("button", { name: "Deploy a release" }).click();
    const dialog = page.getByRole("dialog", { name: `Deploy to ${target.name}` });
    await expect(dialog.getByText("Override lock, freeze or no-go launch")).toHaveCount(0);
    await dialog.getByRole("button", { name: /^Deploy .* to / }).click();
    await expect(dialog.getByTestId("gate-sentence")).toContainText(`${target.name} is locked by`);
    await expect(dialog.getByTestId("gate-sentence")).toContainText("Launch rehearsal in progress");
    await expectNoAxeViolationsInBothThemes(page);
    await expect(dialog).toBeVisible();
  });
});
