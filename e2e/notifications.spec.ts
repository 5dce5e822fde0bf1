import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { expectNoAxeViolationsInBothThemes } from "./helpers/axe";
import { storageState, unique } from "./helpers/env";

/** A webhook receiver on 127.0.0.1 that records every POST body; the worker (same machine) sends to it. */
async function startReceiver() {
  const received: { path: string; body: unknown }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", () => {
      if (req.method === "POST") {
        let body: unknown = raw;
        try {
          body = JSON.parse(raw);
        } catch {
          /* keep the text */
        }
        received.push({ path: req.url ?? "", body });
      }
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test.describe("admin", () => {
  test.use({ storageState: storageState("admin") });

  test("adds a JSON channel, sends a test that arrives, and never sees the webhook URL again", async ({ page }) => {
    const receiver = await startReceiver();
    try {
      await page.goto("/projects");
      const project = unique("Notify");
      await page.getByRole("button", { name: "New project" }).click();
      await page.getByLabel("Name").fill(project);
      await page.getByRole("button", { name: "Create project" }).click();
      await expect(page.getByRole("heading", { name: project, level: 1 })).toBeVisible();
      const base = page.url();

      await page.getByRole("navigation", { name: "Project" }).getByRole("link", { name: "Notifications" }).click();
      await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
      await expect(page.getByRole("heading", { name: "No notification channels yet" })).toBeVisible();
      await expectNoAxeViolationsInBothThemes(page);

      // The path carries the "token", as Slack's and Discord's do.
      const secretPath = `/hooks/t0k3n-${Date.now()}-do-not-leak`;
      const url = receiver.origin + secretPath;
      await page.getByRole("button", { name: "Add channel" }).click();
      const form = page.getByRole("form", { name: "Add channel" });
      await expect(form.getByLabel("Webhook URL")).toHaveAttribute("type", "url");
      await expect(form.getByLabel("Webhook URL")).toHaveAttribute("autocomplete", "off");

      // The server's field errors are shown next to their fields.
      await form.getByLabel("Webhook URL").fill("ftp://example.com/hook");
      await form.getByRole("button", { name: "Add channel" }).click();
      await expect(form.getByText("must be an http(s) URL")).toBeVisible();
      await expect(form.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
      await expectNoAxeViolationsInBothThemes(page);

      await form.getByLabel("Name").fill("ops-webhook");
      await form.getByLabel("Format").selectOption("json");
      await form.getByLabel("Webhook URL").fill(url);
      await form.getByRole("button", { name: "Add channel" }).click();
      await expect(form).toHaveCount(0);

      const card = page.getByRole("listitem", { name: "ops-webhook" });
      await expect(card.getByText(receiver.origin, { exact: true })).toBeVisible();
      await expect(card.getByText("All events")).toBeVisible();
      await expect(card.getByText("Enabled", { exact: true })).toBeVisible();
      expect(await page.content()).not.toContain(secretPath);

      await card.getByRole("button", { name: "Send test to ops-webhook" }).click();
      await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBeGreaterThan(0);
      expect(receiver.received[0].path).toBe(secretPath);
      expect(receiver.received[0].body).toMatchObject({ event: "test" });
      await expect(card.getByText("Test notification:")).toBeVisible();
      await expect(card.getByText("Sent", { exact: true }).first()).toBeVisible({ timeout: 20_000 });

      await card.getByRole("button", { name: /Recent deliveries/ }).click();
      const table = card.getByRole("table", { name: "Recent deliveries of ops-webhook" });
      await expect(table.getByRole("cell", { name: "test", exact: true })).toBeVisible();
      await expect(table.getByRole("cell", { name: "200", exact: true })).toBeVisible();

      await card.getByRole("button", { name: "Disable ops-webhook" }).click();
      await expect(card.getByText("Disabled", { exact: true })).toBeVisible();
      await expectNoAxeViolationsInBothThemes(page);

      await page.reload();
      await expect(card.getByText("Disabled", { exact: true })).toBeVisible();
      expect(await page.content()).not.toContain(secretPath);
      const slug = new URL(base).pathname.split("/").pop();
      const api = await page.request.get(`/api/v1/projects/${slug}/notification-channels`);
      expect(await api.text()).not.toContain(secretPath);

      await card.getByRole("button", { name: "Delete ops-webhook" }).click();
      await page.getByRole("dialog", { name: "Delete channel ops-webhook?" }).getByRole("button", { name: "Delete ops-webhook" }).click();
      await expect(page.getByRole("heading", { name: "No notification channels yet" })).toBeVisible();
    } finally {
      await receiver.close();
    }
  });
});

test.describe("member", () => {
  test.use({ storageState: storageState("member") });

  test("gets no Notifications link and is refused the page by URL", async ({ page }) => {
    await page.goto("/projects/acme-web");
    const nav = page.getByRole("navigation", { name: "Project" });
    await expect(nav.getByRole("link", { name: "Overview" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Notifications" })).toHaveCount(0);
    const res = await page.goto("/projects/acme-web/notifications");
    expect(res?.status()).toBe(403);
    await expect(page.getByText("Only project admins manage notification channels.")).toBeVisible();
  });
});
