import { defineConfig, devices } from "@playwright/test";

const browserUse = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  },
};

// Servers are started by scripts/e2e.mjs (a production build, the worker and two demo targets), not by Playwright.
export default defineConfig({
  testDir: "./e2e",
  workers: 1,
  retries: 0,
  fullyParallel: false,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: process.env.E2E_BASE_URL ?? "http://127.0.0.1:3200",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  // first-run (empty instance → /setup) → seed (demo data, saved sessions) → the specs.
  projects: [
    { name: "first-run", testMatch: /first-run\.setup\.ts/, use: browserUse },
    { name: "seed", testMatch: /seed\.setup\.ts/, dependencies: ["first-run"], use: browserUse },
    { name: "chromium", dependencies: ["seed"], use: browserUse },
  ],
});
