import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { expect, test as setup } from "@playwright/test";
import { signInThroughForm } from "./helpers/auth";
import { assertDisposableDatabase } from "./helpers/disposable-db";
import { storageState, targetUrl, type DemoRole } from "./helpers/env";

// The same seed as `npm run up` (the same script, in its own process: its QA runs load their engines with dynamic
// imports, which Playwright's module loader does not transform), pointed at the e2e demo targets; then each demo user
// signs in through the real form once and the session is saved for the specs.
setup("seed the demo and sign in the demo users", async ({ browser, baseURL }) => {
  setup.setTimeout(180_000);
  assertDisposableDatabase(process.env.DATABASE_URL);
  const seed = spawnSync(process.execPath, ["--import", "tsx", "prisma/seed.ts", "--target", `staging=${targetUrl("staging")}`, "--target", `production=${targetUrl("production")}`], {
    encoding: "utf8",
    env: process.env,
    timeout: 170_000,
  });
  expect(seed.status, `the seed failed:\n${seed.stdout}\n${seed.stderr}`).toBe(0);
  console.log(seed.stdout.trim());
  mkdirSync("e2e/.auth", { recursive: true });
  for (const role of ["admin", "approver", "member"] as DemoRole[]) {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await signInThroughForm(page, role);
    await context.storageState({ path: storageState(role) });
    if (role === "admin") {
      // The launch's uptime item ticks itself once production's health check has its first results (the worker's
      // sweep measures bindings every 30 s): wait for it, so every spec starts from the seeded state of one open
      // blocking item rather than racing the first check.
      await expect
        .poll(
          async () => {
            const res = await page.request.get("/api/v1/projects/acme-web/launches/active");
            const { launch } = (await res.json()) as { launch: { readiness: { holding: { title: string }[] } } };
            return launch.readiness.holding.map((h) => h.title);
          },
          { timeout: 120_000, intervals: [1000] },
        )
        .toEqual(["Edge-case hammering: invalid inputs, partial network failures, odd user behaviour"]);
    }
    await context.close();
  }
});
