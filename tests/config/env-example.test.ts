import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_KEYS } from "@/lib/env";

describe(".env.example", () => {
  it("documents every variable lib/env.ts reads", () => {
    const example = readFileSync(path.resolve(__dirname, "../../.env.example"), "utf8");
    const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const missing = ENV_KEYS.filter((k) => k !== "NODE_ENV" && !documented.has(k));
    expect(missing).toEqual([]);
  });
});
