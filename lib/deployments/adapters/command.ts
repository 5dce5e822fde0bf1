import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { DeployAdapter, PollResult } from "./types";

// The command provider runs the target's `command` with /bin/sh -c inside the worker, in its own process group, so
// a timeout, an abort or a cancel reaches everything it started (ssh, rsync, its children). trigger starts it and
// returns at once; poll reports "building" until it exits. A restarted worker has lost its processes (they die with
// it): polling such an id reports an error instead of waiting forever.
//
// Options, read from ctx.settings besides the validated { host, user?, command }:
//   timeoutMs — whole-run limit (default DEFAULT_COMMAND_TIMEOUT_MS, 15 min); the runner may set it from config.
//
// No rollback: the runner rolls back by deploying the previous release again with the same command.

export const DEFAULT_COMMAND_TIMEOUT_MS = 15 * 60_000;
/** After SIGTERM, the process group has this long to exit before SIGKILL. */
export const KILL_GRACE_MS = 5000;
export const MAX_LINE_CHARS = 2000;
// Finished runs stay readable by poll this long.
const KEEP_FINISHED_MS = 60 * 60_000;
// After the shell exits, output of the last moments may still be in the pipes (or a leftover background process
// may hold them open): wait for "close" at most this long.
const DRAIN_MS = 2000;
// The command does not inherit the worker's environment (database URL, encryption key…): only these and TMINUS_*.
const BASE_ENV = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8" };

type Running = {
  child: ChildProcess;
  result: PollResult | null;
  killedBy: "timeout" | "cancel" | null;
  timeoutMs: number;
  kill: (why: "timeout" | "cancel") => void;
};

const running = new Map<string, Running>();

function signalGroup(pid: number | undefined, signal: NodeJS.Signals) {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    /* the group is gone already */
  }
}

/** Splits a stream into lines for ctx.log, each capped at MAX_LINE_CHARS (the rest of an overlong line is dropped). */
function lineWriter(write: (line: string) => void) {
  let pending = "";
  let overflow = false;
  const emit = (line: string) => write(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line);
  return {
    push(chunk: string) {
      const parts = (pending + chunk).split(/\r?\n/);
      pending = parts.pop() ?? "";
      for (const part of parts) {
        if (overflow) overflow = false;
        else emit(part);
      }
      if (pending.length > MAX_LINE_CHARS) {
        if (!overflow) emit(pending);
        overflow = true;
        pending = "";
      }
    },
    flush() {
      if (pending && !overflow) emit(pending);
      pending = "";
      overflow = false;
    },
  };
}

/** Hides lines of the SSH key if the command prints it (cat "$TMINUS_SSH_KEY" by mistake). */
function keyRedactor(key: string | undefined) {
  const keyLines = new Set((key ?? "").split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length >= 16));
  return (line: string) => (keyLines.has(line.trim()) || [...keyLines].some((k) => line.includes(k)) ? "[redacted: SSH key material]" : line);
}

function timeoutOf(settings: Record<string, unknown>) {
  const t = settings.timeoutMs;
  return typeof t === "number" && Number.isFinite(t) && t > 0 ? t : DEFAULT_COMMAND_TIMEOUT_MS;
}

const duration = (ms: number) => (ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

export const commandAdapter: DeployAdapter = {
  async trigger(ctx) {
    const settings = ctx.settings as { host?: string; user?: string; command?: string };
    const command = String(settings.command ?? "");
    if (!command.trim()) throw new Error("The command target has no command to run.");
    ctx.signal.throwIfAborted();

    const key = ctx.secrets.sshPrivateKey;
    let keyDir: string | null = null;
    const env: Record<string, string> = {
      ...BASE_ENV,
      HOME: os.homedir(),
      TMINUS_VERSION: ctx.release.version,
      TMINUS_COMMIT: ctx.release.commitSha ?? "",
      TMINUS_GIT_REF: ctx.release.gitRef ?? "",
      TMINUS_TARGET: ctx.target.name,
      TMINUS_ENVIRONMENT: ctx.target.environment,
      TMINUS_HOST: String(settings.host ?? ""),
      TMINUS_USER: String(settings.user ?? ""),
    };
    if (key) {
      keyDir = await mkdtemp(path.join(os.tmpdir(), "tminus-ssh-"));
      env.TMINUS_SSH_KEY = path.join(keyDir, "id_deploy");
      // ssh refuses keys readable by others, and wants the final newline.
      await writeFile(env.TMINUS_SSH_KEY, key.endsWith("\n") ? key : `${key}\n`, { mode: 0o600, flag: "wx" });
    }
    const removeKey = async () => {
      if (keyDir) await rm(keyDir, { recursive: true, force: true });
      keyDir = null;
    };

    let child: ChildProcess;
    try {
      // A cast, not NODE_ENV: the command gets no NODE_ENV unless it sets one (the worker's is no business of the deploy).
      child = spawn("/bin/sh", ["-c", command], { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
    } catch (error) {
      await removeKey();
      throw error;
    }
    const startedAt = Date.now();
    const id = `cmd-${child.pid ?? 0}-${startedAt}`;
    const timeoutMs = timeoutOf(ctx.settings);
    const redact = keyRedactor(key);
    const log = (line: string) => ctx.log(redact(line));
    const out = lineWriter(log);
    const err = lineWriter(log);
    child.stdout!.setEncoding("utf8").on("data", (d: string) => out.push(d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => err.push(d));

    let graceTimer: NodeJS.Timeout | null = null;
    const entry: Running = {
      child,
      result: null,
      killedBy: null,
      timeoutMs,
      kill(why) {
        if (entry.result || entry.killedBy) return;
        entry.killedBy = why;
        signalGroup(child.pid, "SIGTERM");
        // Whatever of the group is still alive after the grace period is killed, also when the shell itself exited.
        graceTimer = setTimeout(() => signalGroup(child.pid, "SIGKILL"), KILL_GRACE_MS);
        graceTimer.unref();
      },
    };
    running.set(id, entry);

    const timer = setTimeout(() => {
      log(`The command ran longer than ${duration(timeoutMs)}; stopping it.`);
      entry.kill("timeout");
    }, timeoutMs);
    timer.unref();
    const onAbort = () => entry.kill("cancel");
    ctx.signal.addEventListener("abort", onAbort, { once: true });

    let finishing = false;
    const finish = async (how: { code: number | null; signal: NodeJS.Signals | null } | { error: Error }) => {
      if (finishing) return;
      finishing = true;
      clearTimeout(timer);
      ctx.signal.removeEventListener("abort", onAbort);
      out.flush();
      err.flush();
      await removeKey().catch(() => undefined);
      if (graceTimer) {
        try {
          process.kill(-(child.pid ?? 0), 0);
        } catch {
          clearTimeout(graceTimer); // the whole group is gone: nothing left to SIGKILL
        }
      }
      let result: PollResult;
      if ("error" in how) result = { state: "error", url: null, detail: `The command could not start: ${how.error.message}` };
      else if (entry.killedBy === "timeout") result = { state: "error", url: null, detail: `The command was killed after timeout (${duration(timeoutMs)}).` };
      else if (entry.killedBy === "cancel") result = { state: "canceled", url: null, detail: "The command was stopped (deploy canceled)." };
      else if (how.code === 0) result = { state: "ready", url: null, detail: null };
      else if (how.code !== null) result = { state: "error", url: null, detail: `The command exited with code ${how.code}.` };
      else result = { state: "error", url: null, detail: `The command was killed by ${how.signal}.` };
      entry.result = result;
      setTimeout(() => running.delete(id), KEEP_FINISHED_MS).unref();
    };
    child.once("error", (error) => void finish({ error }));
    child.once("exit", (code, signal) => {
      const drained = setTimeout(() => void finish({ code, signal }), DRAIN_MS);
      drained.unref();
      child.once("close", () => {
        clearTimeout(drained);
        void finish({ code, signal });
      });
    });

    ctx.log(`Running on the worker: ${command.length > 200 ? `${command.slice(0, 200)}…` : command}`);
    return { providerDeployId: id, url: null, state: "building" };
  },

  async poll(_ctx, providerDeployId) {
    const entry = running.get(providerDeployId);
    if (!entry) {
      return { state: "error", url: null, detail: "This worker is not running that command any more (the worker restarted?); it was stopped with it." };
    }
    return entry.result ?? { state: "building", url: null, detail: null };
  },

  async cancel(ctx, providerDeployId) {
    const entry = running.get(providerDeployId);
    if (!entry || entry.result) return;
    ctx.log("Stopping the command (SIGTERM to its process group, SIGKILL after 5 s).");
    entry.kill("cancel");
  },
};
