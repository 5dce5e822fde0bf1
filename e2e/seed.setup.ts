import { mkdirSync } from "node:fs";
import { expect, test as setup } from "@playwright/test";
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { seedDemo } from "../lib/seed/demo";
import { signInThroughForm } from "./helpers/auth";
import { assertDisposableDatabase } from "./helpers/disposable-db";
import { storageState, targetUrl, type DemoRole } from "./helpers/env";

// The same seed as `npm run up`, pointed at the e2e demo targets; then each demo user signs in through the
// real form once and the session is saved for the specs.
setup("seed the demo and sign in the demo users", async ({ browser, baseURL }) => {
  setup.setTimeout(180_000);
  const connectionString = assertDisposableDatabase(process.env.DATABASE_URL);
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
  try {
    await seedDemo(db, { targetBaseUrls: { staging: targetUrl("staging"), production: targetUrl("production") } });
  } finally {
    await db.$disconnect();
  }
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
