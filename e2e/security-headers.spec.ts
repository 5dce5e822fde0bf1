import { expect, test, type Page } from "@playwright/test";
import { storageState } from "./helpers/env";

/** Collects what Chromium reports when the Content Security Policy blocks something. */
function watchViolations(page: Page) {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

test.describe("as admin", () => {
  test.use({ storageState: storageState("admin") });

  test("pages carry a nonce-based CSP and the other security headers, and run without a single violation", async ({ page }) => {
    const violations = watchViolations(page);
    const nonces = new Set<string>();
    for (const path of ["/projects", "/projects/acme-web", "/projects/acme-web/targets", "/projects/acme-web/audit"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      const headers = res!.headers();
      const csp = headers["content-security-policy"];
      const scriptSrc = csp.split("; ").find((d) => d.startsWith("script-src "))!;
      expect(scriptSrc, path).toMatch(/'nonce-[A-Za-z0-9+/=]{24}'/);
      expect(scriptSrc, path).not.toContain("unsafe-inline");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(headers).toMatchObject({ "x-content-type-options": "nosniff", "referrer-policy": "strict-origin-when-cross-origin", "x-frame-options": "DENY" });
      nonces.add(/'nonce-([^']+)'/.exec(scriptSrc)![1]);
      // Hydrated: the theme toggle is a client component and answers a click.
      const dark = () => page.evaluate(() => document.documentElement.classList.contains("dark"));
      const before = await dark();
      await page.getByRole("button", { name: /dark mode|theme/i }).first().click();
      await expect.poll(dark, { message: `${path} hydrated` }).toBe(!before);
    }
    expect(nonces.size).toBe(4);
    expect(violations).toEqual([]);
  });

  test("markup injected into a server-rendered page cannot run script: no nonce, no inline handlers", async ({ page }) => {
    const violations = watchViolations(page);
    // Stands in for stored XSS: the server's own response, with its own CSP header, plus an attacker's markup.
    await page.route("**/projects", async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace(
        "</body>",
        `<script>window.__injected = "inline"</script><img src="/nope.png" onerror="window.__injected = 'handler'"></body>`,
      );
      await route.fulfill({ response: res, body: html });
    });
    await page.goto("/projects");
    await expect.poll(() => violations.length).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate(() => (window as unknown as { __injected?: string }).__injected ?? null)).toBeNull();
  });
});

test("API responses carry the security headers too", async ({ request }) => {
  const res = await request.get("/api/v1/me");
  expect(res.status()).toBe(401);
  expect(res.headers()).toMatchObject({ "x-content-type-options": "nosniff", "x-frame-options": "DENY" });
});
