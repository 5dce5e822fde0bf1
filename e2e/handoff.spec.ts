import { expect, test, type Page } from "@playwright/test";
import { storageState, unique } from "./helpers/env";
import { pageApi } from "./helpers/page-api";
import { expectNoAxeViolationsInBothThemes } from "./helpers/axe";

// Runbooks, the handoff pack, and what people write rendered as text everywhere it shows.

const P = "/projects/acme-web";

async function api<T>(page: Page, method: string, path: string, body?: unknown, expected = 200): Promise<T> {
  const res = await pageApi(page, method, path, body);
  expect(res.status, JSON.stringify(res.json)).toBe(expected);
  return res.json as T;
}

test.describe("as a member", () => {
  test.use({ storageState: storageState("member") });

  test("runbooks: states in words, a diagram drawn offline, a page written with a preview, saved and reviewed", async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`${P}/runbooks`);
    await expect(page.getByRole("heading", { level: 1, name: "Runbooks" })).toBeVisible();
    const row = (title: string) => page.getByRole("listitem").filter({ has: page.getByRole("link", { name: title, exact: true }) });
    await expect(row("Maintenance SOP")).toContainText("Reviewed");
    await expect(row("On call")).toContainText("2 to fill in");
    await expect(row("Architecture")).toContainText("Review due");
    await expectNoAxeViolationsInBothThemes(page);

    // The architecture page draws its Mermaid diagram in the browser, from the app's own bundle (no other host).
    const outside: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(new URL(page.url()).origin) && !r.url().startsWith("data:")) outside.push(r.url());
    });
    await row("Architecture").getByRole("link", { name: "Architecture" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Architecture" })).toBeVisible();
    const diagram = page.getByRole("img", { name: /^Diagram: flowchart of / });
    await expect(diagram.locator("svg")).toBeVisible({ timeout: 20_000 });
    await expect(diagram).toHaveAccessibleName(/Shoppers.*Vercel edge/);
    await expect(page.getByText("Diagram source")).toBeVisible();
    expect(outside).toEqual([]);
    await expectNoAxeViolationsInBothThemes(page);

    // A new page, blank; written with a preview; saved; reviewed.
    await page.goto(`${P}/runbooks`);
    await page.getByRole("button", { name: "New page" }).first().click();
    const dialog = page.getByRole("dialog", { name: "New runbook page" });
    await dialog.getByRole("radio", { name: "Blank page" }).check();
    const title = unique("Rotate the TLS certificate");
    await dialog.getByLabel("Title").fill(title);
    await dialog.getByRole("button", { name: "Create and edit" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Edit “${title}”` })).toBeVisible();
    await page.getByLabel("Page text (Markdown)").fill("## Steps\n\n1. Run `certbot renew`\n2. {{How to reload the proxy}}\n");
    await expect(page.getByText("1 template prompt ({{…}}) left to replace.")).toBeVisible();
    await page.getByRole("tab", { name: "Preview" }).click();
    const preview = page.getByRole("tabpanel", { name: "Preview" });
    await expect(preview.getByRole("heading", { name: "Steps" })).toBeVisible();
    await expect(preview.locator("mark")).toHaveText("To fill in: How to reload the proxy");
    await expectNoAxeViolationsInBothThemes(page);
    await page.getByRole("tab", { name: "Write" }).click();
    await page.getByLabel("Page text (Markdown)").fill("## Steps\n\n1. Run `certbot renew`\n2. `systemctl reload nginx`\n");
    await page.getByRole("button", { name: "Save page" }).click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByText("Never reviewed")).toBeVisible();
    await page.getByRole("button", { name: "Mark reviewed" }).click();
    await expect(page.getByRole("main").getByText(/^Reviewed/)).toBeVisible();
    await expect(page.getByRole("main").locator("code", { hasText: "systemctl reload nginx" })).toBeVisible();
    await expectNoAxeViolationsInBothThemes(page);
  });

  test("the handoff page says what the pack holds and downloads it as a zip", async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`${P}/handoff`);
    await expect(page.getByRole("heading", { level: 1, name: "Handoff pack" })).toBeVisible();
    const contents = page.getByRole("region", { name: "What the pack holds now" });
    for (const section of ["Project overview", "Targets and providers", "Launch checklist", "Deployments", "Uptime and latency", "Incidents", "Latest QA results", "Open feedback and known issues", "Runbooks", "Roadmap"]) {
      await expect(contents.getByRole("listitem").filter({ hasText: section }).first()).toBeVisible();
    }
    await expect(page.getByRole("link", { name: /On call.*prompts? to fill in/ })).toBeVisible();
    await expectNoAxeViolationsInBothThemes(page);
    const download = page.waitForEvent("download", { timeout: 90_000 });
    await page.getByRole("button", { name: "Download handoff pack (.zip)" }).click();
    await expect(page.getByRole("status").filter({ hasText: /printing the PDF… \d+ s|Downloaded/ })).toBeVisible();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^acme-web-handoff-\d{4}-\d{2}-\d{2}\.zip$/);
    await expect(page.getByText(/^Downloaded acme-web-handoff-.*\.zip \(\d+ kB\)\.$/)).toBeVisible();
  });
});

test.describe("as an admin", () => {
  test.use({ storageState: storageState("admin") });

  test("script, event-handler and javascript: payloads in every field people write stay text: no script runs on any page or in the printable pack", async ({ page }) => {
    test.setTimeout(180_000);
    const tag = unique("xss");
    const payloads = [
      `<script>window.__xss="${tag}-script"</script>`,
      `<img src=x onerror="window.__xss='${tag}-img'">`,
      `<svg onload="window.__xss='${tag}-svg'"></svg>`,
      `[click me](javascript:window.__xss='${tag}-link')`,
      `<a href="javascript:window.__xss='${tag}-a'">a</a>`,
      "```mermaid\nflowchart LR\n  A[\"<img src=x onerror=window.__xss='" + tag + "-mermaid'>\"] --> B\n  click A call alert()\n```",
    ].join("\n\n");
    let dialogs = 0;
    page.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(`${P}/runbooks`);
    // A runbook page, a roadmap note, a checklist item's description and a comment on it, a feedback item's title and text.
    const runbook = await api<{ key: string }>(page, "POST", `${P}/runbooks`, { title: `Payloads ${tag}`, body: payloads }, 201);
    await api(page, "POST", `${P}/roadmap`, { kind: "known_issue", title: `<img src=x onerror="window.__xss='${tag}-title'">`, notes: payloads }, 201);
    const { launch } = await api<{ launch: { items: { id: string; title: string }[] } }>(page, "GET", `${P}/launches/active`);
    const item = launch.items.find((i) => i.title.startsWith("Usability feedback loop"))!;
    await api(page, "PATCH", `${P}/checklist-items/${item.id}`, { description: payloads });
    await api(page, "POST", `${P}/checklist-items/${item.id}/comments`, { body: payloads }, 201);
    const feedback = await api<{ id: string }>(page, "POST", `${P}/feedback`, { type: "bug", title: `<script>window.__xss="${tag}-fb"</script>`, details: payloads }, 201);

    const pages = [
      `${P}/runbooks/${runbook.key}`,
      `${P}/runbooks`,
      `${P}/roadmap`,
      `${P}/launch/items/${item.id}`,
      `${P}/launch`,
      `${P}/feedback/${feedback.id}`,
      `${P}/feedback?view=all`,
      `${P}/handoff`,
      `/api/v1${P}/handoff-pack/html`,
    ];
    for (const url of pages) {
      await page.goto(url);
      // Pages with live updates keep a stream open (never "network idle"): wait for the page's heading, and for any
      // diagram to be drawn, before looking.
      await expect(page.locator("h1").first()).toBeVisible();
      await expect(page.getByText("Drawing diagrams…")).toHaveCount(0, { timeout: 20_000 });
      const found = await page.evaluate(() => ({
        xss: (window as unknown as { __xss?: string }).__xss ?? null,
        handlers: [...document.querySelectorAll("*")].flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith("on")).map((a) => `${el.localName}[${a.name}]`)),
        // Next's own data scripts carry the page's text (payloads included, as strings); a payload that became a script
        // would be one whose code is the payload.
        scripts: [...document.querySelectorAll("script")].filter((s) => /^\s*window\.__xss/.test(s.textContent ?? "")).length,
        jsLinks: [...document.querySelectorAll("[href]")].filter((a) => /^\s*javascript:/i.test(a.getAttribute("href") ?? "")).length,
        images: document.querySelectorAll('img[src="x"]').length,
      }));
      expect(found, url).toEqual({ xss: null, handlers: [], scripts: 0, jsLinks: 0, images: 0 });
      // The payloads are there, as text.
      if (url.includes(runbook.key) || url.endsWith("handoff-pack/html")) await expect(page.getByText(`window.__xss="${tag}-script"`).first()).toBeAttached();
    }
    expect(dialogs).toBe(0);
  });
});
