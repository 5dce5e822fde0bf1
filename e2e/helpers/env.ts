import { DEMO_ACCOUNTS } from "../../scripts/lib/demo-accounts.mjs";

export type DemoRole = "admin" | "approver" | "member";

export const account = (role: DemoRole) => {
  const found = DEMO_ACCOUNTS.find((a) => a.role === role);
  if (!found) throw new Error(`No demo account for ${role}`);
  return found;
};

export const storageState = (role: DemoRole) => `e2e/.auth/${role}.json`;

const targetUrls: Record<string, string> = { staging: "http://127.0.0.1:4201", production: "http://127.0.0.1:4202", ...JSON.parse(process.env.E2E_TARGET_URLS ?? "{}") };
export const targetUrl = (name: "staging" | "production") => targetUrls[name];

/** Unique per run, so the suite can run twice against one database. */
export const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
