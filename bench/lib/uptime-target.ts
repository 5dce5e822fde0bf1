import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

// The checks' target for bench/uptime-scheduler.ts: one HTTP server in a process of its own (so its work does not
// share the scheduler's event loop), serving /c/<i> with {"status":"ok"}. Every SLOW_EVERY-th path answers after
// SLOW_MS, so some runs are long and a scheduler cannot get by with checks that all finish at once.

export const SLOW_EVERY = 20;
export const SLOW_MS = 800;

function serve() {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const i = Number(/^\/c\/(\d+)/.exec(req.url ?? "")?.[1] ?? -1);
    const answer = () => res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    if (i >= 0 && i % SLOW_EVERY === 0) setTimeout(answer, SLOW_MS);
    else answer();
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`);
  });
  process.on("SIGTERM", () => {
    process.stdout.write(`${JSON.stringify({ requests })}\n`);
    process.exit(0);
  });
}

export type TargetProcess = { url: string; child: ChildProcess; stop(): Promise<number | null> };

/** Starts the target in a child process; `stop()` returns how many requests it answered. */
export async function startTarget(): Promise<TargetProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve"], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error("the target process exited before it listened");
  const { port } = JSON.parse(first.value) as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    async stop() {
      child.kill("SIGTERM");
      const last = await lines.next();
      return last.done ? null : (JSON.parse(last.value) as { requests: number }).requests;
    },
  };
}

if (process.argv.includes("--serve")) serve();
