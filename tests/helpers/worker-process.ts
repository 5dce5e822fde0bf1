import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

export type WorkerProcess = Awaited<ReturnType<typeof startWorkerProcess>>;

/**
 * `npm run worker` as its own process, as in production; resolves once it logs worker.started, with its id and the pid
 * of the process that runs the jobs (the spawned process itself). The process leads its own group, so
 * `killGroup` reaches it and anything it started, and `env` adds to (or overrides) the test's environment.
 */
export async function startWorkerProcess(opts: { env?: Record<string, string> } = {}) {
  // One process, tsx as a loader (as the image runs it): the tsx CLI would run the worker as its child and SIGKILL it
  // when the child's event loop takes longer than tsx's 2 × 30 ms to acknowledge a relayed SIGTERM, so a busy
  // worker could not drain.
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "info", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killGroup = async (signal: NodeJS.Signals = "SIGKILL") => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        /* already gone */
      }
    }
    await exited;
  };
  for (let i = 0; i < 1500 && !output.includes("worker.started") && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 20));
  const started = output.split("\n").find((l) => l.includes("worker.started"));
  if (!started) {
    await killGroup();
    throw new Error(`the worker did not start:\n${output}`);
  }
  const id = JSON.parse(started).id as string;
  // The id is `<host>-<pid>-<random>` (workers/runtime.ts).
  const pid = Number(id.split("-").at(-2));
  return { child, id, pid, output: () => output, exited, killGroup };
}
