import { expect, test, type Browser } from "@playwright/test";
import { expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { storageState } from "./helpers/env";
import { pageApi } from "./helpers/page-api";

// Issue 9, QA runs as people use them. The demo seed has one finished run of each kind (measured against the demo
// targets' planted problems). A member starts a links crawl of staging from the QA page; the run page follows it live,
// without a reload, to its result, where the broken link the seeded run found is "still there". The device matrix
// shows its screenshots side by side; a production run asks for a confirmation first.

const P = "/projects/acme-web";
type Run = { id: string; ref: string; kind: string; status: string; targetName: string; artifacts: { name: string }[] };

async function as(browser: Browser, role: "admin" | "approver" | "member") {
  const context = await browser.newContext({ storageState: storageState(role) });
  return context.newPage();
}

test("the QA page shows the latest result of each kind per target, and passes axe in both themes", async ({ browser }) => {
  const page = await as(browser, "member");
  await page.goto(`${P}/qa`);
  await expect(page).toHaveTitle(/QA · Acme Web · T-Minus/);
  await expect(page.getByRole("link", { name: "QA", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { name: "Latest results" })).toBeVisible();
  // The seeded staging runs failed on their planted problems; the words say so, not only the colour.
  const latest = page.getByRole("region", { name: "Latest results" });
  await expect(latest.getByText("Failed").first()).toBeVisible();
  await expect(latest.getByText("Passed").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "New QA run" })).toBeVisible();
  await expectNoAxeViolationsInBothThemes(page);
  await page.context().close();
});

test("a member starts a links crawl of staging; the run page follows it live and compares it with the seeded run", async ({ browser }) => {
  const page = await as(browser, "member");
  await page.goto(`${P}/qa`);
  await page.getByRole("button", { name: "New QA run" }).click();
  const dialog = page.getByRole("dialog", { name: "New QA run" });
  await dialog.getByLabel("Target", { exact: true }).selectOption({ label: "staging" });
  await dialog.getByRole("radio", { name: /Links and smoke/ }).check();
  await dialog.getByLabel("Most pages").fill("10");
  await dialog.getByRole("button", { name: "Start on staging" }).click();

  // The run page, reached without a reload of our own: it shows progress or, once done, the result.
  await expect(page).toHaveURL(new RegExp(`${P}/qa/[a-z0-9]+$`));
  const runId = page.url().split("/").pop()!;
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Links and smoke");
  await expect(page.getByRole("heading", { name: "Result" })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("qa-summary")).toContainText("broken internal link");
  // /docs/v1 was broken in the seeded run too: still there, since then.
  const stillThere = page.getByRole("region", { name: /Still there/ });
  await expect(stillThere.getByText("/docs/v1").first()).toBeVisible();
  await expect(page.getByLabel("QA run log")).toContainText("Links and smoke against");

  const api = await pageApi(page, "GET", `${P}/qa-runs/${runId}`);
  const run = api.json as Run & { findings: { persisting: number } };
  expect(run).toMatchObject({ kind: "links", status: "failed", targetName: "staging" });
  expect(run.findings.persisting).toBeGreaterThanOrEqual(1);
  await expectNoAxeViolationsInBothThemes(page);
  await page.context().close();
});

test("the device matrix shows each page's screenshots side by side, and says which engines are not available", async ({ browser }) => {
  const page = await as(browser, "member");
  await page.goto(`${P}/qa`);
  const list = await pageApi(page, "GET", `${P}/qa-runs?kind=devices&limit=1`);
  const [devices] = list.json as Run[];
  expect(devices, "the demo seed has a devices run").toBeTruthy();
  await page.goto(`${P}/qa/${devices.id}`);
  await expect(page.getByRole("heading", { name: "Screenshots" })).toBeVisible();
  const home = page.getByRole("region", { name: "Screenshots of /" });
  for (const alt of ["/ on desktop, light scheme", "/ on phone, dark scheme", "/ on tablet, light scheme"]) {
    const img = home.getByRole("img", { name: alt });
    await img.scrollIntoViewIfNeeded();
    await expect(img).toBeVisible();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  }
  await expect(page.getByRole("region", { name: "Screenshots", exact: true }).getByText(/Firefox and WebKit are not installed on this machine/)).toBeVisible();
  await expectNoAxeViolationsInBothThemes(page);
  await page.context().close();
});

test("a run against production asks for a confirmation, and the refusal names it", async ({ browser }) => {
  const page = await as(browser, "member");
  await page.goto(`${P}/qa`);
  const refused = await pageApi(page, "POST", `${P}/qa-runs`, { targetId: await targetId(page, "production"), kind: "links" });
  expect(refused.status).toBe(400);
  expect(JSON.stringify(refused.json)).toContain("confirmProduction");

  await page.getByRole("button", { name: "New QA run" }).click();
  const dialog = page.getByRole("dialog", { name: "New QA run" });
  await dialog.getByLabel("Target", { exact: true }).selectOption({ label: "production" });
  await expect(dialog.getByRole("checkbox", { name: /production/ })).toBeVisible();
  await dialog.getByRole("radio", { name: /Load test/ }).check();
  // A member may not load-test production: the server's sentence is shown, and no run was made.
  await dialog.getByRole("checkbox", { name: /production/ }).check();
  const before = ((await pageApi(page, "GET", `${P}/qa-runs?kind=load`)).json as Run[]).length;
  await dialog.getByRole("button", { name: "Start on production" }).click();
  await expect(dialog.getByText(/an approver or admin starts it/)).toBeVisible();
  expect(((await pageApi(page, "GET", `${P}/qa-runs?kind=load`)).json as Run[]).length).toBe(before);
  await page.context().close();
});

test("partial network failure from the form: the run ends with what the client saw per fault, and the form's secret headers stay hidden", async ({ browser }) => {
  // A live run plus two axe scans in both themes (the open form, then the result): more than the 60 s default allows.
  test.setTimeout(120_000);
  const page = await as(browser, "member");
  await page.goto(`${P}/qa`);
  await page.getByRole("button", { name: "New QA run" }).click();
  const dialog = page.getByRole("dialog", { name: "New QA run" });
  await dialog.getByLabel("Target", { exact: true }).selectOption({ label: "staging" });
  // A load test's secret headers: typed by keyboard into a password field, never shown as text.
  await dialog.getByRole("radio", { name: /Load test/ }).check();
  await dialog.getByRole("button", { name: "Add a secret header" }).click();
  await expect(dialog.getByLabel("Header name of secret header 1")).toBeFocused();
  await page.keyboard.type("Authorization");
  await expect(dialog.getByLabel("Value of secret header 1")).toHaveAttribute("type", "password");
  await dialog.getByRole("button", { name: /Remove secret header 1/ }).click();
  await expect(dialog.getByLabel("Header name of secret header 1")).toHaveCount(0);

  await dialog.getByRole("radio", { name: /Bad-input hammering/ }).check();
  await dialog.getByRole("radio", { name: /Partial network failure/ }).check();
  // Fields of the other mode are hidden; this mode's are there.
  await expect(dialog.getByLabel(/Allow unsafe methods/)).toHaveCount(0);
  await dialog.getByLabel("Pages to check").fill("/\n/pricing");
  await dialog.getByLabel("Rounds").fill("1");
  await dialog.getByLabel("Added delay (ms)").fill("50");
  await expectNoAxeViolationsInBothThemes(page);
  await dialog.getByRole("button", { name: "Start on staging" }).click();

  await expect(page).toHaveURL(new RegExp(`${P}/qa/[a-z0-9]+$`));
  await expect(page.getByRole("heading", { name: "Result" })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("heading", { name: "By fault" })).toBeVisible();
  await expect(page.getByRole("table", { name: /Requests by fault/ })).toBeVisible();
  // Recovery in words, not only an icon's colour.
  await expect(page.getByText("Recovered afterwards")).toBeVisible();
  const runId = page.url().split("/").pop()!;
  const run = (await pageApi(page, "GET", `${P}/qa-runs/${runId}`)).json as Run & { settings: { mode: string; pages: string[]; faults: { rounds: number; latencyMs: number } } };
  expect(run.settings).toMatchObject({ mode: "faults", pages: ["/", "/pricing"], faults: { rounds: 1, latencyMs: 50 } });
  // The ref finds the same run: /qa/QA-n is the page people link to from chat.
  await page.goto(`${P}/qa/${run.ref}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Partial network failure → staging");
  await expectNoAxeViolationsInBothThemes(page);
  await page.context().close();
});

test("a load profile's saved secret header shows by name only, and the edit form removes it", async ({ browser }) => {
  const page = await as(browser, "member");
  await page.goto(`${P}/qa`);
  const name = `Checkout load ${Date.now()}`;
  const created = await pageApi(page, "POST", `${P}/qa-profiles`, {
    name, targetId: await targetId(page, "staging"), kind: "load", settings: { durationSeconds: 5 }, secrets: { Authorization: "Bearer e2e-profile-secret" },
  });
  expect(created.status).toBe(201);
  const profile = created.json as { id: string; secretKeys: string[] };
  expect(profile.secretKeys).toEqual(["Authorization"]);
  expect(JSON.stringify(created.json)).not.toContain("e2e-profile-secret");

  await page.reload();
  await page.getByRole("button", { name: `Edit ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Edit “${name}”` });
  await expect(dialog.getByText("Saved with this profile")).toBeVisible();
  await expect(dialog.getByText("value hidden")).toBeVisible();
  expect(await page.content()).not.toContain("e2e-profile-secret");
  await expectNoAxeViolationsInBothThemes(page);
  const remove = dialog.getByRole("button", { name: "Remove saved secret header Authorization" });
  await remove.click();
  await expect(dialog.getByRole("button", { name: "Keep saved secret header Authorization" })).toHaveAttribute("aria-pressed", "true");
  await expect(dialog.getByText("removed on save")).toBeVisible();
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toHaveCount(0);
  const after = await pageApi(page, "GET", `${P}/qa-profiles/${profile.id}`);
  expect((after.json as { secretKeys: string[] }).secretKeys).toEqual([]);
  await pageApi(page, "DELETE", `${P}/qa-profiles/${profile.id}`);
  await page.context().close();
});

async function targetId(page: import("@playwright/test").Page, name: string) {
  const res = await pageApi(page, "GET", `${P}/targets`);
  const target = (res.json as { id: string; name: string }[]).find((t) => t.name === name);
  expect(target, `the demo has a ${name} target`).toBeTruthy();
  return target!.id;
}
