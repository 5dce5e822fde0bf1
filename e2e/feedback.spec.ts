import { expect, test, type Browser, type Page } from "@playwright/test";
import type { ChildProcess } from "node:child_process";
import { storageState, targetUrl, unique } from "./helpers/env";
import { pageApi } from "./helpers/page-api";
import { startDemoApp } from "./helpers/demo-app";
import { expectNoAxeViolationsInBothThemes } from "./helpers/axe";

// The feedback story end to end, against the real web app, worker, Postgres and Redis: a visitor of the demo staging
// site reports a bug through the embedded widget; it appears in a member's open inbox without a reload; the member
// accepts it by keyboard and marks a second report of the same bug as its duplicate; links it to a release; and a
// successful production deployment of that release marks it released on the open item page.

const P = "/projects/acme-web";
type Item = { id: string; ref: string; status: string; title: string; voteCount: number; reporterCount: number; duplicateOf: { ref: string } | null; fixedIn: { version: string } | null };

let app: { url: string; child: ChildProcess };
test.beforeAll(async () => {
  app = await startDemoApp("feedback", "3.0.0");
});
test.afterAll(() => {
  app?.child.kill("SIGTERM");
});

async function as(browser: Browser, role: "admin" | "approver" | "member") {
  const context = await browser.newContext({ storageState: storageState(role) });
  return context.newPage();
}
async function api<T>(page: Page, method: string, path: string, body?: unknown, expected = 200): Promise<T> {
  const res = await pageApi(page, method, path, body);
  expect(res.status, JSON.stringify(res.json)).toBe(expected);
  return res.json as T;
}

test("a widget report reaches the open inbox live, is triaged by keyboard, takes a duplicate, and is released by a production deploy", async ({ browser }) => {
  test.setTimeout(150_000);
  const member = await as(browser, "member");
  await member.goto(`${P}/feedback`);
  await expect(member.getByRole("heading", { level: 1 })).toContainText("Feedback");
  await member.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  // —— A visitor reports through the widget on the demo staging site ——
  const title = unique("Coupon field rejects valid codes");
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(targetUrl("staging"));
  await visitor.getByRole("button", { name: "Feedback" }).click();
  const widget = visitor.getByRole("dialog");
  await expect(widget.getByLabel("Title")).toBeVisible();
  await widget.getByRole("radio", { name: /^Bug/ }).check();
  await widget.getByLabel("Title").fill(title);
  await widget.getByLabel("Details").fill("SPRING25 is printed on the flyer but the cart says the code is invalid.");
  await widget.getByRole("button", { name: "Send feedback" }).click();
  const thanks = widget.getByRole("status");
  await expect(thanks).toContainText(/Its reference is FB-\d+/);
  const ref = /FB-\d+/.exec((await thanks.textContent()) ?? "")![0];

  // —— It appears in the member's open inbox without a reload ——
  const row = member.getByTestId("feedback-row").filter({ hasText: title });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row).toContainText(ref);
  expect(await member.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  const item = await api<Item>(member, "GET", `${P}/feedback/${ref}`);
  expect(item).toMatchObject({ status: "new", title });

  // A second report of the same bug arrives through the public endpoint (the form and widget post there).
  const second = await visitor.evaluate(
    async ({ base }) => {
      const res = await fetch(`${base}/api/v1/public/feedback/fbk_demo_acme_web`, {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: JSON.stringify({ type: "bug", title: "Coupon code SPRING25 rejected as invalid in the cart", details: "The flyer code does not work.", source: "widget" }),
      });
      return (await res.json()) as { ref: string };
    },
    { base: new URL(member.url()).origin },
  );
  const secondRow = member.getByTestId("feedback-row").filter({ hasText: second.ref });
  await expect(secondRow).toBeVisible({ timeout: 15_000 });

  // —— Triage by keyboard: accept the first, then mark the second as its duplicate ——
  await row.getByRole("link", { name: title }).focus();
  await member.keyboard.press("a");
  await expect.poll(async () => (await api<Item>(member, "GET", `${P}/feedback/${ref}`)).status, { timeout: 10_000 }).toBe("accepted");
  await secondRow.getByRole("link").first().focus();
  await member.keyboard.press("d");
  const picker = member.getByRole("dialog");
  const choice = picker.getByRole("button", { name: new RegExp(`Duplicate of ${ref}`) });
  await expect(choice).toBeVisible();
  await choice.focus();
  await member.keyboard.press("Enter");
  await expect.poll(async () => (await api<Item>(member, "GET", `${P}/feedback/${second.ref}`)).duplicateOf?.ref, { timeout: 10_000 }).toBe(ref);
  const merged = await api<Item>(member, "GET", `${P}/feedback/${ref}`);
  expect(merged.reporterCount).toBeGreaterThanOrEqual(0);
  await expectNoAxeViolationsInBothThemes(member);

  // —— Link it to a release, on the item page ——
  const version = `3.${Date.now() % 100000}.0`;
  await api(member, "POST", `${P}/releases`, { version, commits: [{ hash: Math.random().toString(16).slice(2, 10), message: "fix(cart): coupon codes are case-insensitive", author: "Max Member" }] }, 201);
  await member.goto(`${P}/feedback/${ref}`);
  const releaseSelect = member.getByLabel("Fixed in release");
  await releaseSelect.selectOption((await releaseSelect.locator("option", { hasText: version }).getAttribute("value"))!);
  await member.getByRole("button", { name: "Mark fixed" }).click();
  await expect.poll(async () => (await api<Item>(member, "GET", `${P}/feedback/${ref}`)).fixedIn?.version, { timeout: 10_000 }).toBe(version);
  await expect(member.getByText("Fixed", { exact: true }).first()).toBeVisible();
  await expectNoAxeViolationsInBothThemes(member);
  await member.evaluate(() => ((window as unknown as { marker: number }).marker = 43));

  // —— Deploying that release to production marks it released, on the open page ——
  const admin = await as(browser, "admin");
  await admin.goto(`${P}/targets`);
  const target = await api<{ id: string }>(admin, "POST", `${P}/targets`, {
    name: unique("shop"),
    environment: "production",
    baseUrl: app.url,
    healthPath: "/health",
    providerKind: "command",
    providerSettings: { host: "127.0.0.1", command: `node examples/demo-target/deploy.mjs ${app.url} --step-ms 100` },
  }, 201);
  await api(admin, "PATCH", `${P}/targets/${target.id}/deploy-policy`, { verifySeconds: 1 });
  // The seeded launch is no-go and its gate holds production pushes; this story is about feedback, so an approver
  // waives what holds it for the deploy, and the waivers are revoked after.
  const approver = await as(browser, "approver");
  await approver.goto(`${P}/launch`);
  const { launch } = await api<{ launch: { readiness: { holding: { id: string }[] } } }>(approver, "GET", `${P}/launches/active`);
  const waived: string[] = [];
  try {
    for (const { id } of launch.readiness.holding) {
      await api(approver, "POST", `${P}/checklist-items/${id}/waiver`, { reason: "e2e: the feedback release story", expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
      waived.push(id);
    }
    const deployment = await api<{ id: string }>(admin, "POST", `${P}/deployments`, { targetId: target.id, release: version, emergencyBypass: { reason: "e2e: ship the coupon fix" } }, 201);
    await expect.poll(async () => (await api<{ status: string }>(admin, "GET", `${P}/deployments/${deployment.id}`)).status, { timeout: 45_000 }).toBe("succeeded");
  } finally {
    for (const id of waived) await pageApi(approver, "DELETE", `${P}/checklist-items/${id}/waiver`);
  }
  await expect(member.getByText("Released", { exact: true }).first()).toBeVisible({ timeout: 15_000 });
  expect(await member.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(43);
  expect((await api<Item>(member, "GET", `${P}/feedback/${ref}`)).status).toBe("released");
});

test("the public form works without JavaScript and spam goes to a folder people can review", async ({ browser }) => {
  const visitor = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await visitor.goto("/feedback/acme-web");
  await visitor.getByRole("radio", { name: /^Idea/ }).check();
  await visitor.getByLabel("Title").fill("x");
  await visitor.getByRole("button", { name: /Send/ }).click();
  // The server answers with the form again, the error next to the field and the typed values kept.
  await expect(visitor.getByText(/at least 3 characters/).first()).toBeVisible();
  const title = unique("Export orders as CSV");
  await visitor.getByLabel("Title").fill(title);
  await visitor.getByRole("button", { name: /Send/ }).click();
  await expect(visitor).toHaveURL(/\?sent=FB-\d+/);
  await expect(visitor.getByRole("status").filter({ hasText: /FB-\d+/ })).toBeVisible();
  // axe runs as a script, so the same pages are scanned in a browser with JavaScript on.
  const scanner = await (await browser.newContext()).newPage();
  await scanner.goto(visitor.url());
  await expectNoAxeViolationsInBothThemes(scanner);
  await scanner.goto("/feedback/acme-web");
  await expectNoAxeViolationsInBothThemes(scanner);

  const member = await as(browser, "member");
  await member.goto(`${P}/feedback`);
  const stored = await api<Item[]>(member, "GET", `${P}/feedback?view=all&q=${encodeURIComponent(title)}`);
  expect(stored.map((i) => i.title)).toEqual([title]);

  // A post with the honeypot filled is stored, in spam, and the Spam view shows it.
  const spamTitle = unique("Cheap watches");
  const res = await member.request.post("/api/v1/public/feedback/fbk_demo_acme_web", { form: { type: "praise", title: spamTitle, website: "http://spam.example" } });
  expect(res.status()).toBe(201);
  const spam = await api<Item[]>(member, "GET", `${P}/feedback?status=spam&q=${encodeURIComponent(spamTitle)}`);
  expect(spam.map((i) => i.status)).toEqual(["spam"]);
});
