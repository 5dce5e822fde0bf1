import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commandAdapter as adapter, DEFAULT_COMMAND_TIMEOUT_MS } from "@/lib/deployments/adapters/command";
import type { AdapterContext, PollResult } from "@/lib/deployments/adapters/types";
import { LOCAL_POLICY } from "@/lib/net/policy";

function context(command: string, over: Partial<AdapterContext> & { timeoutMs?: number } = {}) {
  const lines: string[] = [];
  const { timeoutMs, ...rest } = over;
  const ctx: AdapterContext = {
    release: { version: "1.5.0", commitSha: "0123abc", gitRef: "refs/tags/v1.5.0" },
    target: { name: "staging", environment: "staging", baseUrl: "http://127.0.0.1:4101" },
    settings: { host: "deploy.internal", user: "deployer", command, ...(timeoutMs ? { timeoutMs } : {}) },
    secrets: {},
    policy: LOCAL_POLICY,
    signal: new AbortController().signal,
    log: (line) => lines.push(line),
    ...rest,
  };
  return { ctx, lines };
}

async function settle(ctx: AdapterContext, id: string, limitMs = 10_000): Promise<PollResult> {
  const until = Date.now() + limitMs;
  for (;;) {
    const result = await adapter.poll(ctx, id);
    if (result.state !== "building" && result.state !== "queued") return result;
    if (Date.now() > until) throw new Error(`still ${result.state} after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Alive and not a zombie (a container's PID 1 may not reap orphans). */
function alive(pid: number) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, limitMs = 3000) {
  const until = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

describe("command adapter", () => {
  it("runs the command with the TMINUS_* environment and logs stdout and stderr line by line, in order", async () => {
    const script = [
      'echo "version=$TMINUS_VERSION commit=$TMINUS_COMMIT ref=$TMINUS_GIT_REF"',
      'echo "target=$TMINUS_TARGET env=$TMINUS_ENVIRONMENT host=$TMINUS_HOST user=$TMINUS_USER"',
      "echo to-stderr >&2",
      "sleep 0.1",
      "echo after; printf 'no newline at end'",
    ].join("\n");
    const { ctx, lines } = context(script);
    const started = await adapter.trigger(ctx);
    expect(started.providerDeployId).toMatch(/^cmd-\d+-\d+$/);
    expect(started.state).toBe("building");
    expect(await settle(ctx, started.providerDeployId)).toEqual({ state: "ready", url: null, detail: null });
    expect(lines.slice(1)).toEqual([
      "version=1.5.0 commit=0123abc ref=refs/tags/v1.5.0",
      "target=staging env=staging host=deploy.internal user=deployer",
      "to-stderr",
      "after",
      "no newline at end",
    ]);
  });

  it("does not pass the worker's own environment, and caps each log line at 2,000 characters", async () => {
    process.env.TMINUS_TEST_WORKER_SECRET = "must-not-leak";
    const { ctx, lines } = context(`echo "secret=[$TMINUS_TEST_WORKER_SECRET]"; head -c 5000 /dev/zero | tr '\\0' x; echo; echo done`);
    const started = await adapter.trigger(ctx);
    await settle(ctx, started.providerDeployId);
    delete process.env.TMINUS_TEST_WORKER_SECRET;
    expect(lines[1]).toBe("secret=[]");
    expect(lines[2]).toBe(`${"x".repeat(2000)}…`);
    expect(lines[3]).toBe("done");
  });

  it("reports exit 0 as ready and exit 3 as error 'exited with code 3'", async () => {
    const { ctx } = context("echo failing; exit 3");
    const started = await adapter.trigger(ctx);
    const result = await settle(ctx, started.providerDeployId);
    expect(result.state).toBe("error");
    expect(result.detail).toContain("exited with code 3");
  });

  it("kills the whole process group on abort, the command's own child included", async () => {
    const abort = new AbortController();
    const { ctx, lines } = context('sleep 30 & echo "child=$!"; wait', { signal: abort.signal });
    const started = await adapter.trigger(ctx);
    const pid = Number(started.providerDeployId.split("-")[1]);
    expect(await waitFor(() => lines.some((l) => l.startsWith("child=")))).toBe(true);
    const childPid = Number(lines.find((l) => l.startsWith("child="))!.slice(6));
    expect(alive(childPid)).toBe(true);
    abort.abort();
    const result = await settle(ctx, started.providerDeployId);
    expect(result.state).toBe("canceled");
    expect(await waitFor(() => !alive(childPid) && !alive(pid))).toBe(true);
  });

  it("kills the group after the timeout (overridable, 15 min by default) and says so", async () => {
    expect(DEFAULT_COMMAND_TIMEOUT_MS).toBe(15 * 60_000);
    const { ctx, lines } = context('sleep 30 & echo "child=$!"; wait', { timeoutMs: 400 });
    const t0 = Date.now();
    const started = await adapter.trigger(ctx);
    const result = await settle(ctx, started.providerDeployId);
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(result.state).toBe("error");
    expect(result.detail).toContain("killed after timeout");
    const childPid = Number(lines.find((l) => l.startsWith("child="))!.slice(6));
    expect(await waitFor(() => !alive(childPid))).toBe(true);
  });

  it("cancel() kills the group; a process that ignores SIGTERM gets SIGKILL after 5 s", async () => {
    const { ctx, lines } = context("trap '' TERM; sleep 30 & echo \"child=$!\"; wait; wait", {});
    const started = await adapter.trigger(ctx);
    expect(await waitFor(() => lines.some((l) => l.startsWith("child=")))).toBe(true);
    const childPid = Number(lines.find((l) => l.startsWith("child="))!.slice(6));
    const t0 = Date.now();
    await adapter.cancel!(ctx, started.providerDeployId);
    await new Promise((r) => setTimeout(r, 500));
    expect(alive(childPid)).toBe(true); // SIGTERM ignored
    const result = await settle(ctx, started.providerDeployId, 9000);
    expect(result.state).toBe("canceled");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(4900);
    expect(await waitFor(() => !alive(childPid))).toBe(true);
  }, 15_000);

  it("writes the SSH key to a 0600 file for the run only, and never logs the key", async () => {
    const key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----";
    const { ctx, lines } = context('echo "key=$TMINUS_SSH_KEY"; stat -c "mode=%a" "$TMINUS_SSH_KEY"; cat "$TMINUS_SSH_KEY"', {
      secrets: { sshPrivateKey: key },
    });
    const started = await adapter.trigger(ctx);
    expect(await settle(ctx, started.providerDeployId)).toMatchObject({ state: "ready" });
    const file = lines.find((l) => l.startsWith("key="))!.slice(4);
    expect(file).toMatch(/tminus-ssh-/);
    expect(lines).toContain("mode=600");
    expect(existsSync(file)).toBe(false);
    expect(lines.join("\n")).not.toContain("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ");
  });

  it("reports an id this worker does not know (restarted worker) as an error", async () => {
    const { ctx } = context("true");
    const result = await adapter.poll(ctx, "cmd-1-1");
    expect(result.state).toBe("error");
  });
});
