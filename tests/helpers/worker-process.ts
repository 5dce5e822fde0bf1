import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

/** `npm run worker` as its own process, as in production; resolves once it logs worker.started, with its id. */
export async function startWorkerProcess() {
  const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "workers/index.ts"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  for (let i = 0; i < 300 && !output.includes("worker.started"); i++) await new Promise((r) => setTimeout(r, 100));
  const started = output.split("\n").find((l) => l.includes("worker.started"));
  if (!started) throw new Error(`the worker did not start:\n${output}`);
  return { child, id: JSON.parse(started).id as string, output: () => output };
}
