import { mkdirSync } from "node:fs";
import { chromium, type FullConfig } from "@playwright/test";
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { seedDemo } from "../lib/seed/demo";
import { signInThroughForm } from "./helpers/auth";
import { storageState, targetUrl, type DemoRole } from "./helpers/env";

/** Refuses anything but a local database whose name marks it as disposable: the suite writes freely. */
export function assertDisposableDatabase(raw: string | undefined) {
  if (!raw) throw new Error("e2e: DATABASE_URL is not set; run the suite through scripts/e2e.mjs");
  const url = new URL(raw);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!["localhost", "127.0.0.1"].includes(url.hostname) || !name.startsWith("tminus_e2e")) {
    throw new Error(`e2e: refusing to run against ${url.hostname}/${name}; use a localhost database named tminus_e2e*`);
  }
  return raw;
}

async function waitForServer(baseURL: string) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(5000) })).ok) return;
    } catch {
      /* still starting */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`e2e: ${baseURL}/api/health did not answer`);
}

export default async function globalSetup(config: FullConfig) {
  const connectionString = assertDisposableDatabase(process.env.DATABASE_URL);
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
  try {
    await seedDemo(db, { targetBaseUrls: { staging: targetUrl("staging"), production: targetUrl("production") } });
  } finally {
    await db.$disconnect();
  }

  const use = config.projects[0].use;
  const baseURL = use.baseURL ?? "http://127.0.0.1:3200";
  await waitForServer(baseURL);
  mkdirSync("e2e/.auth", { recursive: true });
  const browser = await chromium.launch(use.launchOptions);
  try {
    for (const role of ["admin", "approver", "member"] as DemoRole[]) {
      const context = await browser.newContext({ baseURL });
      const page = await context.newPage();
      await signInThroughForm(page, role);
      await context.storageState({ path: storageState(role) });
      await context.close();
    }
  } finally {
    await browser.close();
  }
}
