// A tiny process runner (the `concurrently` package needs Node 22): prefixed output, all-or-nothing lifetime.
// Each child gets its own process group so a signal reaches its whole tree (npx, tsx watch, next workers).
import { spawn } from "node:child_process";

const COLORS = [36, 35, 33, 32, 34, 31];
const LABEL_WIDTH = 8;

function prefixer(label, colorCode, write) {
  const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
  const prefix = (useColor ? `\x1b[${colorCode}m${label.padEnd(LABEL_WIDTH)}|\x1b[0m ` : `${label.padEnd(LABEL_WIDTH)}| `);
  let pending = "";
  return {
    push(chunk) {
      pending += chunk;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop();
      for (const line of lines) write(prefix + line + "\n");
    },
    flush() {
      if (pending) write(prefix + pending + "\n");
      pending = "";
    },
  };
}

// Children write to a pipe, so they only colour their output when told the terminal can show it.
function childEnv(extra) {
  const env = { ...process.env, ...extra };
  if (process.stdout.isTTY && !env.NO_COLOR) env.FORCE_COLOR ??= "1";
  else {
    delete env.FORCE_COLOR;
    env.NO_COLOR = "1";
  }
  return env;
}

function signalGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

// A crashed process with `restart` comes back after 1 s, 2 s, 4 s … up to 30 s; a run that lasted a minute resets it.
export const RESTART = { firstDelayMs: 1000, maxDelayMs: 30_000, stableMs: 60_000, maxQuickCrashes: 8 };

/**
 * Starts every command and resolves `done` with an exit code: 0 after stop() or SIGINT/SIGTERM,
 * non-zero when a child without `restart` exits on its own (the others are stopped first). A child with `restart`
 * is started again with backoff, and the run fails only when it keeps crashing right after start.
 * commands: [{ name, cmd, args, env?, cwd?, restart? }]
 */
export function runAll(commands, { cwd = process.cwd(), graceMs = 10_000, handleSignals = true, write, log, restart = RESTART } = {}) {
  const out = write ?? ((s) => process.stdout.write(s));
  const note = log ?? ((s) => out(`[up] ${s}\n`));
  const children = [];
  let stopping = null;
  let failure = 0;
  let resolveDone;
  const done = new Promise((r) => (resolveDone = r));


  async function stop(code = 0) {
    if (stopping) return stopping;
    stopping = (async () => {
      for (const entry of children) clearTimeout(entry.restartTimer);
      for (const { child } of children) signalGroup(child, "SIGTERM");
      // "close" (exited and pipes drained), so the last partial line is printed before `done` resolves.
      const all = Promise.all(children.map(({ closed }) => closed));
      const timedOut = await Promise.race([all.then(() => false), new Promise((r) => setTimeout(r, graceMs, true).unref())]);
      if (timedOut) {
        const left = children.filter(({ child }) => child.exitCode === null && child.signalCode === null);
        note(`still running after ${graceMs / 1000}s, killing: ${left.map((c) => c.name).join(", ")}`);
        for (const { child } of left) signalGroup(child, "SIGKILL");
        await all;
      }
      if (handleSignals) {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
      resolveDone(failure || code);
    })();
    return stopping;
  }

  function onSignal(signal) {
    if (stopping) {
      note(`${signal} again; killing now`);
      for (const { child } of children) signalGroup(child, "SIGKILL");
      return;
    }
    note(`${signal}: stopping ${children.map((c) => c.name).join(", ")}`);
    stop(0);
  }
  if (handleSignals) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }

  function start(c, i, entry, quickCrashes = 0) {
    const startedAt = Date.now();
    const child = spawn(c.cmd, c.args ?? [], {
      cwd: c.cwd ?? cwd,
      env: childEnv(c.env),
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const stdout = prefixer(c.name, COLORS[i % COLORS.length], out);
    const stderr = prefixer(c.name, COLORS[i % COLORS.length], out);
    child.stdout.setEncoding("utf8").on("data", (d) => stdout.push(d));
    child.stderr.setEncoding("utf8").on("data", (d) => stderr.push(d));
    child.once("error", (err) => {
      note(`${c.name} could not start: ${err.message}`);
      failure ||= 1;
      stop(1);
    });
    // Output may still arrive after "exit"; "close" comes once the pipes are drained.
    const closed = new Promise((resolve) =>
      child.once("close", () => {
        stdout.flush();
        stderr.flush();
        resolve();
      }),
    );
    child.once("exit", (code, signal) => {
      if (stopping) return;
      const how = signal ?? `code ${code}`;
      if (c.restart) {
        const quick = Date.now() - startedAt < restart.stableMs ? quickCrashes + 1 : 1;
        if (quick <= restart.maxQuickCrashes) {
          const delay = Math.min(restart.firstDelayMs * 2 ** (quick - 1), restart.maxDelayMs);
          note(`${c.name} exited unexpectedly (${how}); restarting in ${delay / 1000} s (attempt ${quick})`);
          entry.restartTimer = setTimeout(() => {
            entry.restartTimer = null;
            if (stopping) return;
            start(c, i, entry, quick);
            note(`${c.name} restarted`);
          }, delay);
          return;
        }
        note(`${c.name} crashed ${quick} times in a row right after starting; giving up and stopping the others`);
      } else {
        note(`${c.name} exited unexpectedly (${how}); stopping the others`);
      }
      failure = code || 1;
      stop(failure);
    });
    Object.assign(entry, { child, closed });
  }

  commands.forEach((c, i) => {
    const entry = { name: c.name, child: null, closed: null, restartTimer: null };
    children.push(entry);
    start(c, i, entry);
  });

  return { done, stop, children };
}
