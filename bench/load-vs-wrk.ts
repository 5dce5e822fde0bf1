// T-Minus's load engine against wrk, same connections, same duration, same local target, one run: is our generator
// at least half as fast as wrk on one core? The target runs in its own process on core 1 and every generator on
// core 0 (taskset), so each is measured with a core of its own; the table shows both processes' CPU so a reader
// can tell a generator-bound run (generator ≈ 100%) from a server-bound one (target ≈ 100%).
//
// Targets: "http" is a node:http hello-world (what a Node app's floor looks like; often the bottleneck), "raw" a
// canned response written straight onto the socket (much cheaper per request, so the generator is what limits).
//
// Run: npm run bench:load-vs-wrk -- [connections=50] [seconds=5] [targets=http,raw] [rounds=3]
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const CONNECTIONS = Number(process.argv[2] ?? 50);
const SECONDS = Number(process.argv[3] ?? 5);
const TARGETS = (process.argv[4] ?? "http,raw").split(",") as TargetKind[];
const ROUNDS = Number(process.argv[5] ?? 3);
const GOAL = 0.5;
const SELF = fileURLToPath(import.meta.url);
const TICKS_PER_SECOND = 100;

type TargetKind = "http" | "raw";
type Figures = { rps: number; p50: number; p99: number; generatorCpu: number; targetCpu: number; coreBusy: number[]; note?: string };

// ——— child modes ———

function serve(kind: TargetKind) {
  const body = '{"ok":true}';
  const ready = (port: number) => process.stdout.write(`${port}\n`);
  if (kind === "http") {
    void import("node:http").then(({ createServer }) => {
      const server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(body));
      server.keepAliveTimeout = 120_000;
      server.listen(0, "127.0.0.1", () => ready((server.address() as { port: number }).port));
    });
    return;
  }
  const response = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  void import("node:net").then(({ createServer }) => {
    const server = createServer((socket) => {
      let tail = "";
      socket.on("data", (chunk) => {
        // GET requests without bodies: one answer per blank line that ends a header block.
        const text = tail + chunk.toString("latin1");
        const parts = text.split("\r\n\r\n");
        tail = parts.pop() ?? "";
        if (parts.length) socket.write(parts.length === 1 ? response : Buffer.concat(parts.map(() => response)));
      });
      socket.on("error", () => socket.destroy());
    });
    server.listen(0, "127.0.0.1", () => ready((server.address() as { port: number }).port));
  });
}

async function engineChild(url: string, connections: number, seconds: number, workers: number) {
  const { loadEngine, loadSettings } = await import("../lib/qa/engines/load");
  const { LOCAL_POLICY } = await import("../lib/net/policy");
  const settings = loadSettings.parse({ connections, durationSeconds: seconds, workers, abortOnFail: false });
  process.stdout.write("started\n");
  const cpu = process.cpuUsage();
  const result = await loadEngine.run(settings, {
    baseUrl: url,
    policy: LOCAL_POLICY,
    signal: new AbortController().signal,
    limits: { maxDurationMs: (seconds + 30) * 1000, maxRequests: 1e9 },
    progress: () => {},
    log: () => {},
    series: () => {},
  });
  const used = process.cpuUsage(cpu);
  const m = result.metrics as { requests: { perSecond: number }; latency: { p50: number; p99: number }; durationSeconds: number };
  const out = {
    rps: m.requests.perSecond,
    p50: m.latency.p50,
    p99: m.latency.p99,
    cpu: (used.user + used.system) / 1e6 / m.durationSeconds,
    reliable: result.reliable,
    reason: result.unreliableReason,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`, () => process.exit(0));
}

/** autocannon alone, no engine around it: splits the gap to wrk into autocannon's share and the engine's. */
async function autocannonChild(url: string, connections: number, seconds: number) {
  const { default: autocannon } = await import("autocannon");
  process.stdout.write("started\n");
  const cpu = process.cpuUsage();
  const result = await autocannon({ url, connections, duration: seconds });
  const used = process.cpuUsage(cpu);
  const out = { rps: result.requests.total / result.duration, p50: result.latency.p50, p99: result.latency.p99, cpu: (used.user + used.system) / 1e6 / result.duration, reliable: true };
  process.stdout.write(`${JSON.stringify(out)}\n`, () => process.exit(0));
}

// ——— the bench ———

const has = (tool: string) => {
  try {
    execFileSync("which", [tool], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

const PINNED = has("taskset");
const pinned = (core: number, command: string, args: string[]) => (PINNED ? { command: "taskset", args: ["-c", String(core), command, ...args] } : { command, args });

/** CPU seconds a process has used so far (all threads), from /proc. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

function launch(core: number, command: string, args: string[]): ChildProcess {
  const p = pinned(core, command, args);
  return spawn(p.command, p.args, { stdio: ["ignore", "pipe", "inherit"] });
}

async function firstLine(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const line = await lines.next();
  if (line.done) throw new Error("the child process exited without output");
  return line.value;
}

type Sample = { at: number; target: number; cores: number[][] };

/** Busy and total ticks of each core, from /proc/stat: who else used our cores shows as busy beyond our processes. */
function coreTicks(): number[][] {
  return readFileSync("/proc/stat", "utf8")
    .split("\n")
    .filter((line) => /^cpu\d+ /.test(line))
    .map((line) => {
      const [user, nice, system, idle, iowait, irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
      const busy = user + nice + system + irq + softirq + steal;
      return [busy, busy + idle + iowait];
    });
}

const sample = (target: ChildProcess): Sample => ({ at: performance.now(), target: cpuSeconds(target.pid!), cores: coreTicks() });

type Window = { seconds: number; targetCpu: number; coreBusy: number[] };

function windowBetween(a: Sample, b: Sample): Window {
  const seconds = (b.at - a.at) / 1000;
  const coreBusy = b.cores.map(([busy, total], i) => (busy - a.cores[i][0]) / Math.max(1, total - a.cores[i][1]));
  return { seconds, targetCpu: (b.target - a.target) / seconds, coreBusy };
}

/** Lines a child prints, as they come; resolves with all of them when it exits (rejects on a non-zero exit). */
function watchLines(child: ChildProcess, onLine: (line: string) => void): Promise<string[]> {
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    lines.push(line);
    onLine(line);
  });
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve(lines) : reject(new Error(`a generator exited with code ${code}:\n${lines.join("\n")}`)))),
  );
}

const toMs = (value: string, unit: string) => Number(value) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[unit];

async function runWrk(url: string, target: ChildProcess, seconds: number): Promise<Figures> {
  const before = sample(target);
  const child = launch(0, "wrk", ["-t1", `-c${CONNECTIONS}`, `-d${seconds}s`, "--latency", url]);
  let ownCpu = 0;
  const sampler = setInterval(() => {
    const now = cpuSeconds(child.pid!);
    if (!Number.isNaN(now)) ownCpu = now; // the last sample lands within 50 ms of wrk's exit
  }, 50);
  const output = (await watchLines(child, () => {}).finally(() => clearInterval(sampler))).join("\n");
  const w = windowBetween(before, sample(target));
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1]);
  const pct = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, "m").exec(output);
    return m ? toMs(m[1], m[2]) : NaN;
  };
  return { rps, p50: pct("50"), p99: pct("99"), generatorCpu: ownCpu / w.seconds, ...w };
}

async function runEngine(url: string, target: ChildProcess, workers: number | "bare"): Promise<Figures> {
  const mode = workers === "bare" ? ["--autocannon"] : ["--engine"];
  const args = [SELF, ...mode, url, String(CONNECTIONS), String(SECONDS), ...(workers === "bare" ? [] : [String(workers)])];
  const child = launch(0, process.execPath, ["--import", "tsx", ...args]);
  // Measured from the child's "started" line: tsx compiling the engine is not part of the load.
  let before: Sample | undefined;
  let after: Sample | undefined;
  const lines = await watchLines(child, (line) => {
    if (line === "started") before = sample(target);
    else after = sample(target);
  });
  const r = JSON.parse(lines.at(-1)!) as { rps: number; p50: number; p99: number; cpu: number; reliable: boolean; reason?: string };
  const w = windowBetween(before!, after!);
  return { rps: r.rps, p50: r.p50, p99: r.p99, generatorCpu: r.cpu, ...w, note: r.reliable ? undefined : "marked unreliable: generator saturated" };
}

async function main() {
  if (!has("wrk")) {
    console.error("wrk is not installed. Install it with: sudo apt-get install wrk");
    process.exit(1);
  }
  if (!PINNED) console.error("taskset is missing: generator and target are not pinned to separate cores.");
  if (PINNED && availableParallelism() < 2) {
    console.error(`This bench pins the generators to core 0 and the target to core 1; this machine has ${availableParallelism()} core. Run it on a machine with at least 2.`);
    process.exit(1);
  }
  const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  console.log(`load engine vs wrk: ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} round(s) (median shown), generators on core 0, target on core 1; load average ${load()}`);
  const rows: Record<string, string | number>[] = [];
  for (const kind of TARGETS) {
    const target = launch(1, process.execPath, ["--import", "tsx", SELF, "--serve", kind]);
    try {
      const url = `http://127.0.0.1:${(await firstLine(target)).trim()}/`;
      await runWrk(url, target, 2); // warm the target's JIT; not reported
      const runs = new Map<string, Figures[]>(GENERATORS.map((g) => [g, []]));
      // Interleaved rounds: whatever else the machine is doing weighs on every generator alike.
      for (let round = 0; round < ROUNDS; round++) {
        runs.get("wrk -t1")!.push(await runWrk(url, target, SECONDS));
        for (const workers of [0, 1]) runs.get(`T-Minus workers=${workers}`)!.push(await runEngine(url, target, workers));
        runs.get("autocannon alone")!.push(await runEngine(url, target, "bare"));
      }
      for (const [name, all] of runs) rows.push(row(kind, name, all, runs.get("wrk -t1")!));
    } finally {
      target.kill("SIGTERM");
    }
  }
  console.table(rows);
  const ours = rows.filter((r) => String(r.generator).startsWith("T-Minus")).map((r) => Number(r["÷ wrk"]));
  console.log(`goal: T-Minus ≥ ${GOAL} × wrk req/s. Ratios ${ours.map((x) => x.toFixed(2)).join(", ")}: ${ours.every((x) => x >= GOAL) ? "met everywhere" : ours.some((x) => x >= GOAL) ? "met by some" : "NOT met"}.`);
  console.log(
    "gen CPU / target CPU: each process's CPU over the run (100% = one core). core 0 / core 1: how busy each core was in all (other processes included): a core near 100% with our process well under it means the machine was shared.",
  );
  console.log("req per gen CPU-s: requests per second of generator CPU, the comparison that holds when the machine is shared or the generator did not get its whole core.");
  console.log(`load average after: ${load()}`);
}

const GENERATORS = ["wrk -t1", "T-Minus workers=0", "T-Minus workers=1", "autocannon alone"];

function row(kind: string, name: string, all: Figures[], wrk: Figures[]): Record<string, string | number> {
  const mid = (pick: (f: Figures) => number) => median(all.map(pick));
  const rps = mid((f) => f.rps);
  const perCpu = mid((f) => f.rps / f.generatorCpu);
  const wrkRps = median(wrk.map((f) => f.rps));
  const wrkPerCpu = median(wrk.map((f) => f.rps / f.generatorCpu));
  return {
    target: kind,
    generator: name,
    "req/s": Math.round(rps),
    "req/s runs": all.map((f) => Math.round(f.rps)).join(" / "),
    "p50 ms": round(mid((f) => f.p50)),
    "p99 ms": round(mid((f) => f.p99)),
    "gen CPU": pct(mid((f) => f.generatorCpu)),
    "target CPU": pct(mid((f) => f.targetCpu)),
    "core 0": pct(mid((f) => f.coreBusy[0])),
    "core 1": pct(mid((f) => f.coreBusy[1])),
    "÷ wrk": (rps / wrkRps).toFixed(2),
    "req per gen CPU-s": Math.round(perCpu),
    "÷ wrk per CPU-s": (perCpu / wrkPerCpu).toFixed(2),
    note: all.find((f) => f.note)?.note ?? "",
  };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};
const round = (x: number) => (Number.isFinite(x) ? Number(x.toFixed(2)) : "—");
const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : "—");

const mode = process.argv[2];
if (mode === "--serve") serve(process.argv[3] as TargetKind);
else if (mode === "--engine") void engineChild(process.argv[3], Number(process.argv[4]), Number(process.argv[5]), Number(process.argv[6]));
else if (mode === "--autocannon") void autocannonChild(process.argv[3], Number(process.argv[4]), Number(process.argv[5]));
else
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
