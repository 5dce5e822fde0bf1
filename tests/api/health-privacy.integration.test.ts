import { afterAll, describe, expect, it, vi } from "vitest";

// Before lib/env and lib/db are first read: a database that does not exist on the real server.
const setup = vi.hoisted(() => {
  const saved = { DATABASE_URL: process.env.DATABASE_URL };
  const missing = `tminus_missing_${Math.random().toString(36).slice(2, 10)}`;
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${missing}`;
  process.env.DATABASE_URL = url.toString();
  return { saved, missing };
});
afterAll(() => Object.assign(process.env, setup.saved));

import { GET as healthRoute } from "@/app/api/health/route";

describe("/api/health is public, so it names the failing part without internal error text", () => {
  it("says the database did not answer, without the driver's message, host or database name", async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((line) => (errors.push(String(line)), true));
    const res = await healthRoute();
    spy.mockRestore();
    expect(res.status).toBe(503);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.checks.database).toEqual({ ok: false, detail: "The database did not answer; the server log has the details" });
    expect(text).not.toContain(setup.missing);
    expect(text).not.toMatch(/does not exist|127\.0\.0\.1|postgres|prisma/i);
    // The operator still finds the real cause in the log.
    expect(errors.join("")).toContain(setup.missing);
  });
});
