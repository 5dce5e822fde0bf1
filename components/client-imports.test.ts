import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Client components must not pull zod schemas or server modules into the browser bundle (JS budget: 180 kB/route).
const SERVER_ONLY = [/^zod$/, /schemas$/, /^@\/lib\/(db|env|redis|auth\/(session|users|next-auth|password)|audit|jobs|live|observability|crypto)(\/|$)/, /^@prisma\//, /^(pg|bullmq|ioredis|bcryptjs)$/];

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) yield full;
  }
}

describe("client components", () => {
  it("import no zod schemas or server modules", () => {
    const offenders: string[] = [];
    for (const root of ["components", "app"]) {
      for (const file of files(root)) {
        const text = readFileSync(file, "utf8");
        if (!/^["']use client["']/m.test(text)) continue;
        for (const [, spec] of text.matchAll(/^import[^"']*["']([^"']+)["']/gm)) {
          if (/^import\s+type\b/m.test(text.split("\n").find((l) => l.includes(`"${spec}"`)) ?? "")) continue;
          if (SERVER_ONLY.some((re) => re.test(spec))) offenders.push(`${file} imports ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
