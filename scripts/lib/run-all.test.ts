import { describe, it, expect } from "vitest";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runAll } from "./run-all.mjs";

const node = process.execPath;
const js = (code: string) => ({ cmd: node, args: ["-e", code] });
const forever = "setInterval(() => {}, 1000);";
// A killed orphan can linger as a zombie until init reaps it; that counts as stopped.
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

/** Polls until `check` holds (or 10 s pass): a busy machine starts children late, so fixed sleeps race. */
async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
}

function collect() {
  let text = "";
  return { write: (s: string) => void (text += s), log: (s: string) => void (text += `[up] ${s}\n`), text: () => text };
}

describe("runAll", () => {
  it("prefixes every line, stdout and stderr, with a fixed-width name", async () => {
    const out = collect();
    const run = runAll(
      [
        { name: "web", ...js(`process.stdout.write("one\\ntwo\\npart"); console.error("oops"); ${forever}`) },
        { name: "staging", ...js(forever) },
      ],
      { handleSignals: false, ...out },
    );
    await until(() => out.text().includes("oops"));
    await run.stop();
    expect(await run.done).toBe(0);
    const lines = out.text().split("\n");
    expect(lines).toContain("web     | one");
    expect(lines).toContain("web     | two");
    expect(lines).toContain("web     | part");
    expect(lines).toContain("web     | oops");
  });

  it("stops the others and fails when one child exits on its own", async () => {
    const out = collect();
    // web exits once the worker is ready (its SIGTERM handler installed), signalled through a marker file.
    const marker = path.join(tmpdir(), `run-all-${process.pid}-${Date.now()}`);
    const run = runAll(
      [
        { name: "worker", ...js(`process.on("SIGTERM", () => { console.log("got SIGTERM"); process.exit(0); }); require("fs").writeFileSync(${JSON.stringify(marker)}, ""); ${forever}`) },
        { name: "web", ...js(`setInterval(() => require("fs").existsSync(${JSON.stringify(marker)}) && process.exit(3), 20);`) },
      ],
      { handleSignals: false, ...out },
    );
    expect(await run.done).toBe(3);
    expect(out.text()).toMatch(/web exited unexpectedly \(code 3\)/);
    expect(out.text()).toContain("worker  | got SIGTERM");
    for (const { child } of run.children) expect(child.exitCode !== null || child.signalCode !== null).toBe(true);
  });

  it("restarts a crashed child marked restart, says so, and keeps the others running", async () => {
    const out = collect();
    const run = runAll(
      [
        { name: "worker", restart: true, ...js(`console.log("up " + process.pid); ${forever}`) },
        { name: "web", ...js(`console.log("web ready"); ${forever}`) },
      ],
      { handleSignals: false, restart: { firstDelayMs: 50, maxDelayMs: 1000, stableMs: 60_000, maxQuickCrashes: 5 }, ...out },
    );
    await until(() => /worker {2}\| up \d+/.test(out.text()) && out.text().includes("web ready"));
    const first = run.children[0].child;
    process.kill(first.pid!, "SIGKILL");
    await until(() => out.text().includes("worker restarted") && (out.text().match(/worker {2}\| up \d+/g) ?? []).length === 2);
    expect(out.text()).toMatch(/worker exited unexpectedly \(SIGKILL\); restarting in 0\.05 s \(attempt 1\)/);
    expect(run.children[0].child).not.toBe(first);
    expect(run.children[1].child.exitCode).toBeNull();
    await run.stop();
    expect(await run.done).toBe(0);
  });

  it("backs off between quick crashes and gives up after too many, stopping the others", async () => {
    const out = collect();
    const run = runAll(
      [
        { name: "crashy", restart: true, ...js(`process.exit(4)`) },
        { name: "web", ...js(forever) },
      ],
      { handleSignals: false, restart: { firstDelayMs: 20, maxDelayMs: 40, stableMs: 60_000, maxQuickCrashes: 3 }, ...out },
    );
    expect(await run.done).toBe(4);
    const text = out.text();
    expect(text).toMatch(/restarting in 0\.02 s \(attempt 1\)/);
    expect(text).toMatch(/restarting in 0\.04 s \(attempt 2\)/);
    expect(text).toMatch(/restarting in 0\.04 s \(attempt 3\)/);
    expect(text).toMatch(/crashy crashed 4 times in a row right after starting; giving up/);
    expect(run.children[1].child.exitCode !== null || run.children[1].child.signalCode !== null).toBe(true);
  });

  it("stop() during a pending restart does not start the child again", async () => {
    const out = collect();
    const run = runAll([{ name: "crashy", restart: true, ...js(`console.log("started"); process.exit(1)`) }], {
      handleSignals: false,
      restart: { firstDelayMs: 300, maxDelayMs: 300, stableMs: 60_000, maxQuickCrashes: 5 },
      ...out,
    });
    await until(() => out.text().includes("restarting in"));
    await run.stop();
    expect(await run.done).toBe(0);
    await new Promise((r) => setTimeout(r, 400));
    expect(out.text().match(/\| started/g)).toHaveLength(1);
    expect(out.text()).not.toContain("crashy restarted");
  });

  it("signals the whole process group, so grandchildren stop too", async () => {
    const out = collect();
    const grandchild = `const c = require("child_process").spawn(process.execPath, ["-e", ${JSON.stringify(forever)}], { stdio: "ignore" }); console.log("gc " + c.pid); ${forever}`;
    const run = runAll([{ name: "parent", ...js(grandchild) }], { handleSignals: false, ...out });
    await until(() => /gc (\d+)/.test(out.text()));
    const pid = Number(/gc (\d+)/.exec(out.text())?.[1] ?? 0);
    expect(alive(pid)).toBe(true);
    await run.stop();
    await until(() => !alive(pid));
    expect(alive(pid)).toBe(false);
  });

  it("kills a child that ignores SIGTERM once the grace period ends", async () => {
    const out = collect();
    const run = runAll([{ name: "stubborn", ...js(`process.on("SIGTERM", () => {}); console.log("ready"); ${forever}`) }], {
      handleSignals: false,
      graceMs: 300,
      ...out,
    });
    await until(() => out.text().includes("| ready"));
    const t0 = Date.now();
    await run.stop();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(run.children[0].child.signalCode).toBe("SIGKILL");
    expect(out.text()).toMatch(/killing: stubborn/);
  });

  it("exits 0 when the runner itself gets SIGTERM", async () => {
    const runner = fileURLToPath(new URL("./run-all.mjs", import.meta.url));
    const script = `import { runAll } from ${JSON.stringify(runner)};
      const r = runAll([{ name: "a", cmd: process.execPath, args: ["-e", ${JSON.stringify(forever)}] }]);
      console.log("started"); process.exit(await r.done);`;
    const child = spawn(node, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let text = "";
    await new Promise<void>((resolve) =>
      child.stdout.on("data", (d) => {
        text += d;
        if (text.includes("started")) resolve();
      }),
    );
    await new Promise((r) => setTimeout(r, 200));
    child.kill("SIGTERM");
    const code = await new Promise((r) => child.on("exit", r));
    expect(code).toBe(0);
    expect(text).toMatch(/SIGTERM: stopping a/);
  });
});
