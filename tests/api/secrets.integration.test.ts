import { createDecipheriv, randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// Log everything during this file, so a secret written at any level would be caught.
vi.hoisted(() => {
  process.env.LOG_LEVEL = "debug";
});

import { ROUTES } from "@/lib/api/routes";
import { db } from "@/lib/db";
import { decryptSecrets } from "@/lib/crypto/secrets";
import { createUser, projectWithRoles, sessionCookie, uid } from "@/tests/helpers/fixtures";
import { invoke, routeById, discardJobsSince } from "@/tests/helpers/api-world";

/** Collects everything written to stdout and stderr until stopped (the logger writes JSON lines there). */
function captureOutput() {
  const lines: string[] = [];
  const originals = { out: process.stdout.write, err: process.stderr.write };
  const grab = (chunk: unknown) => {
    lines.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return true;
  };
  process.stdout.write = grab as typeof process.stdout.write;
  process.stderr.write = grab as typeof process.stderr.write;
  const stop = () => {
    process.stdout.write = originals.out;
    process.stderr.write = originals.err;
    return lines.join("");
  };
  return { stop };
}
// Probe jobs queued by this file's connection tests are removed afterwards; no worker runs here to take them.
let startedAt: Date;
beforeAll(async () => {
  startedAt = (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0].now;
});
afterAll(() => discardJobsSince(startedAt));

let restore: (() => unknown) | undefined;
afterEach(() => restore?.());

async function allRowsAsText(): Promise<string> {
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name::text AS table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["Target", "AuditLog", "LiveEvent", "OutboxJob", "ConnectionTest"]));
  let text = "";
  for (const { table_name } of tables) {
    const rows = await db.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${table_name.replace(/"/g, "")}" t`);
    text += rows.map((r) => r.row).join("\n");
  }
  return text;
}

function decryptWithKey(envelope: string, key: Buffer, aad: string) {
  const raw = Buffer.from(envelope.split(".")[1], "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}

async function vercelTarget() {
  const { project, users } = await projectWithRoles();
  const as = { cookie: await sessionCookie(users.admin.id) };
  const token = `vercel-SECRET-${randomBytes(12).toString("hex")}`;
  const hook = `https://api.vercel.com/v1/integrations/deploy/prj_x/SECRET${randomBytes(12).toString("hex")}`;
  const created = await invoke(routeById("targets.create"), {
    as,
    params: { projectId: project.id },
    body: {
      name: `prod-${uid()}`,
      environment: "production",
      baseUrl: "https://launch.example.test",
      providerKind: "vercel",
      providerSettings: { projectId: "prj_x" },
      secrets: { token, deployHookUrl: hook },
    },
  });
  expect(created.status, created.text).toBe(201);
  return { project, users, as, token, hook, target: created.json };
}

describe("target secrets", () => {
  it("never appear in a response, a log line or a database row in plaintext", async () => {
    const capture = captureOutput();
    restore = capture.stop;
    const { project, as, token, hook, target } = await vercelTarget();
    const secrets = [token, hook, hook.split("/").pop()!];
    expect(target.secretKeys).toEqual(["deployHookUrl", "token"]);
    expect(target.providerSettings).toEqual({ projectId: "prj_x" });

    const bodies: string[] = [JSON.stringify(target)];
    const test = await invoke(routeById("connectionTests.create"), { as, params: { projectId: project.id, targetId: target.id } });
    expect(test.status).toBe(202);
    bodies.push(test.text);

    // Failing calls that carry the secret in their payload: refused without echoing it.
    const failing = [
      await invoke(routeById("targets.update"), { as, params: { projectId: project.id, targetId: target.id }, body: { secrets: { token, foo: hook } } }),
      await invoke(routeById("targets.create"), {
        as,
        params: { projectId: project.id },
        body: { name: target.name, environment: "production", baseUrl: "https://x.example.test", providerKind: "vercel", providerSettings: { projectId: "p" }, secrets: { token } },
      }),
      await invoke(routeById("targets.create"), { as, params: { projectId: project.id }, body: { name: "bad", environment: "production", baseUrl: hook.replace("https", "ftp"), secrets: { deployHookUrl: hook } } }),
      await invoke(routeById("targets.update"), { as: { bearer: `tmn_${token}` }, params: { projectId: project.id, targetId: target.id }, body: { secrets: { token } } }),
    ];
    expect(failing.map((r) => r.status)).toEqual([400, 409, 400, 401]);
    bodies.push(...failing.map((r) => r.text));

    // Every GET route, with this project's ids, including the audit CSV and a replay of the live events.
    const release = await invoke(routeById("releases.create"), { as, params: { projectId: project.id }, body: { version: "1.0.0", commits: [{ hash: "abc1234", message: "feat: secrets stay out" }] } });
    expect(release.status, release.text).toBe(201);
    const deployment = await invoke(routeById("deployments.create"), { as, params: { projectId: project.id }, body: { targetId: target.id, release: "1.0.0" } });
    expect(deployment.status, deployment.text).toBe(201);
    // A notification channel's webhook URL is a secret too.
    const channelUrl = `http://127.0.0.1:9/hooks/SECRET${randomBytes(12).toString("hex")}`;
    secrets.push(channelUrl, channelUrl.split("/").pop()!);
    const channel = await invoke(routeById("channels.create"), { as, params: { projectId: project.id }, body: { name: "ops", format: "slack", url: channelUrl, events: ["*"] } });
    expect(channel.status, channel.text).toBe(201);
    bodies.push(deployment.text, channel.text);
    // An uptime check's secret headers too; the target also shows on the public status page.
    const bearer = `Bearer SECRET${randomBytes(12).toString("hex")}`;
    secrets.push(bearer);
    const check = await invoke(routeById("checks.create"), {
      as,
      params: { projectId: project.id },
      body: { kind: "http", name: "API", targetId: target.id, settings: { url: "https://launch.example.test/api" }, secrets: { Authorization: bearer }, intervalSeconds: 60, timeoutSeconds: 5 },
    });
    expect(check.status, check.text).toBe(201);
    expect(check.json.secretKeys).toEqual(["Authorization"]);
    bodies.push(check.text);
    expect((await invoke(routeById("targets.update"), { as, params: { projectId: project.id, targetId: target.id }, body: { publicStatus: true } })).status).toBe(200);
    const incident = await db.incident.create({ data: { projectId: project.id, checkId: check.json.id, number: 1, title: "API is down", cause: "answered 503", startedAt: new Date() } });
    // A launch from Phase 5: its automated items bind to the target (whose secrets must not leak into labels or evidence).
    const launch = await invoke(routeById("launches.create"), { as, params: { projectId: project.id }, body: { name: "Launch", templateId: "phase-5" } });
    expect(launch.status, launch.text).toBe(201);
    bodies.push(launch.text);
    // A QA run and profile against the target (whose base URL, not its secrets, is what a run records).
    const qaRun = await invoke(routeById("qa.create"), { as, params: { projectId: project.id }, body: { targetId: target.id, kind: "links", confirmProduction: true } });
    expect(qaRun.status, qaRun.text).toBe(201);
    const qaProfile = await invoke(routeById("qaProfiles.create"), { as, params: { projectId: project.id }, body: { name: "Nightly", targetId: target.id, kind: "links", everyHours: 24, confirmProduction: true } });
    expect(qaProfile.status, qaProfile.text).toBe(201);
    const artifact = await db.qaArtifact.create({ data: { runId: qaRun.json.id, name: "report.json", contentType: "application/json", size: 2, data: new Uint8Array(Buffer.from("{}")) } });
    bodies.push(qaRun.text, qaProfile.text);
    // A load test and a load profile with secret request headers; the profile's run gets them re-sealed to itself.
    const qaBearer = `Bearer SECRET${randomBytes(12).toString("hex")}`;
    const qaCookie = `session=SECRET${randomBytes(12).toString("hex")}`;
    secrets.push(qaBearer, qaBearer.slice("Bearer ".length), qaCookie);
    const qaLoad = await invoke(routeById("qa.create"), {
      as, params: { projectId: project.id }, body: { targetId: target.id, kind: "load", settings: { durationSeconds: 5 }, secrets: { Authorization: qaBearer }, confirmProduction: true },
    });
    expect(qaLoad.status, qaLoad.text).toBe(201);
    expect(qaLoad.json.secretKeys).toEqual(["Authorization"]);
    const qaLoadProfile = await invoke(routeById("qaProfiles.create"), {
      as, params: { projectId: project.id }, body: { name: "Load", targetId: target.id, kind: "load", settings: { durationSeconds: 5 }, secrets: { Authorization: qaBearer }, confirmProduction: true },
    });
    expect(qaLoadProfile.status, qaLoadProfile.text).toBe(201);
    const profileParams = { projectId: project.id, profileId: qaLoadProfile.json.id };
    const qaPatched = await invoke(routeById("qaProfiles.update"), { as, params: profileParams, body: { secrets: { Cookie: qaCookie }, confirmProduction: true } });
    expect(qaPatched.status, qaPatched.text).toBe(200);
    expect(qaPatched.json.secretKeys).toEqual(["Authorization", "Cookie"]);
    const qaProfileRun = await invoke(routeById("qaProfiles.run"), { as, params: profileParams, body: { confirmProduction: true } });
    expect(qaProfileRun.status, qaProfileRun.text).toBe(201);
    expect(qaProfileRun.json.secretKeys).toEqual(["Authorization", "Cookie"]);
    const qaReads = await Promise.all([
      invoke(routeById("qa.get"), { as, params: { projectId: project.id, runId: qaLoad.json.id } }),
      invoke(routeById("qa.get"), { as, params: { projectId: project.id, runId: qaProfileRun.json.id } }),
      invoke(routeById("qaProfiles.get"), { as, params: profileParams }),
    ]);
    expect(qaReads.map((r) => r.status)).toEqual([200, 200, 200]);
    // Refused: a credential in a plain header, and secrets for a kind that does not send them; neither echoes it.
    const qaRefused = [
      await invoke(routeById("qa.create"), {
        as, params: { projectId: project.id }, body: { targetId: target.id, kind: "load", settings: { requests: [{ path: "/", headers: { Authorization: qaBearer } }] }, confirmProduction: true },
      }),
      await invoke(routeById("qa.create"), { as, params: { projectId: project.id }, body: { targetId: target.id, kind: "links", secrets: { Cookie: qaCookie }, confirmProduction: true } }),
    ];
    expect(qaRefused.map((r) => [r.status, r.json.error.issues[0].rule])).toEqual([[400, "use_secrets"], [400, "kind_unsupported"]]);
    bodies.push(qaLoad.text, qaLoadProfile.text, qaPatched.text, qaProfileRun.text, ...qaReads.map((r) => r.text), ...qaRefused.map((r) => r.text));
    // Feedback: a GitHub webhook secret is set (write-only), an item and a sprint exist.
    const githubSecret = `gh-webhook-${randomBytes(12).toString("hex")}`;
    const fbSettings = await invoke(routeById("feedbackSettings.update"), { as, params: { projectId: project.id }, body: { githubSecret } });
    expect(fbSettings.status, fbSettings.text).toBe(200);
    expect(fbSettings.json.githubSecretSet).toBe(true);
    secrets.push(githubSecret);
    const feedback = await invoke(routeById("feedback.create"), { as, params: { projectId: project.id }, body: { type: "bug", title: "Secrets stay out of feedback" } });
    expect(feedback.status, feedback.text).toBe(201);
    const sprint = await invoke(routeById("feedbackSprints.create"), { as, params: { projectId: project.id }, body: { name: "Week 1", startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString() } });
    const roadmap = await invoke(routeById("roadmap.create"), { as, params: { projectId: project.id }, body: { kind: "known_issue", title: "Secrets stay out of the roadmap" } });
    expect(roadmap.status, roadmap.text).toBe(201);
    const runbook = await invoke(routeById("runbooks.create"), { as, params: { projectId: project.id }, body: { template: "maintenance" } });
    expect(runbook.status, runbook.text).toBe(201);
    bodies.push(runbook.text, fbSettings.text, feedback.text, sprint.text, roadmap.text);
    const params = {
      projectId: project.id, targetId: target.id, connectionTestId: test.json.id, release: release.json.id, deploymentId: deployment.json.id, channelId: channel.json.id,
      checkId: check.json.id, incidentId: incident.id, slug: project.slug, launchId: launch.json.id, itemId: launch.json.items[0].id, templateId: "phase-5",
      runId: qaRun.json.id, profileId: qaProfile.json.id, artifactId: artifact.id, feedbackId: feedback.json.id, sprintId: sprint.json.id,
      pageKey: "maintenance", roadmapItemId: roadmap.json.id,
    };
    const gets = ROUTES.filter((r) => r.method === "GET");
    expect(gets.map((r) => r.id)).toEqual(expect.arrayContaining(["targets.list", "targets.get", "audit.list", "audit.export", "connectionTests.list", "connectionTests.get", "projects.get"]));
    // Instance-wide routes answer instance admins only; they are read as one, so their bodies are checked too.
    const instanceAs = { cookie: await sessionCookie((await createUser({ isInstanceAdmin: true })).id) };
    for (const route of gets) {
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as keyof typeof params);
      const routeParams = Object.fromEntries(names.map((k) => [k, params[k]]));
      const isStream = route.produces === "text/event-stream";
      const res = await invoke(route, {
        as: route.path.startsWith("/instance/") ? instanceAs : as,
        params: routeParams,
        query: isStream ? { lastEventId: "0" } : {},
        readUntil: isStream ? "event: connection-test.updated" : undefined,
      });
      expect(res.status, `${route.id}: ${res.text.slice(0, 200)}`).toBe(200);
      bodies.push(res.text);
    }
    const csv = bodies.find((b) => b.startsWith("id,createdAt"));
    expect(csv).toContain("target.create");

    const logged = capture.stop();
    restore = undefined;
    expect(logged).toContain('"msg":"http"'); // the capture saw the request log lines
    expect(logged).toContain('"status":409');

    const stored = await allRowsAsText();
    expect(stored).toContain(target.id);
    for (const secret of secrets) {
      for (const body of bodies) expect(body.includes(secret), `response leaks ${secret}: ${body.slice(0, 300)}`).toBe(false);
      expect(logged.includes(secret), "a log line holds the secret").toBe(false);
      expect(stored.includes(secret), "a database row holds the secret in plaintext").toBe(false);
    }
  });

  it("are sealed to their project, target and key: a wrong binding, a wrong key or a flipped byte fails to decrypt", async () => {
    const { project, token, hook, target } = await vercelTarget();
    const other = await projectWithRoles();
    const row = await db.target.findUniqueOrThrow({ where: { id: target.id } });
    const envelope = row.secretsEncrypted!;
    const here = { projectId: project.id, targetId: target.id };
    expect(envelope.startsWith("v2.")).toBe(true);
    expect(decryptSecrets(envelope, here)).toEqual({ token, deployHookUrl: hook });
    expect(() => decryptSecrets(envelope, { ...here, projectId: other.project.id })).toThrow();
    expect(() => decryptSecrets(envelope, { projectId: "", targetId: "" })).toThrow();
    expect(() => decryptWithKey(envelope, randomBytes(32), `target:${project.id}/${target.id}`)).toThrow();
    const raw = Buffer.from(envelope.slice(3), "base64url");
    raw[raw.length - 1] ^= 1;
    expect(() => decryptSecrets(`v2.${raw.toString("base64url")}`, here)).toThrow();
  });

  it("PATCH with a null secret removes only that secret; switching provider drops the secrets the new one does not use", async () => {
    const { project, as, hook, target } = await vercelTarget();
    const update = routeById("targets.update");
    const params = { projectId: project.id, targetId: target.id };
    const stored = async () => {
      const row = await db.target.findUniqueOrThrow({ where: { id: target.id } });
      return { keys: row.secretKeys.sort(), values: row.secretsEncrypted ? decryptSecrets(row.secretsEncrypted, { projectId: project.id, targetId: target.id }) : null };
    };

    const removed = await invoke(update, { as, params, body: { secrets: { token: null } } });
    expect(removed.status, removed.text).toBe(200);
    expect(removed.json.secretKeys).toEqual(["deployHookUrl"]);
    expect(removed.json.providerSettings).toEqual({ projectId: "prj_x" });
    expect(await stored()).toEqual({ keys: ["deployHookUrl"], values: { deployHookUrl: hook } });

    const renamed = await invoke(update, { as, params, body: { name: `renamed-${uid()}` } });
    expect(renamed.json.secretKeys).toEqual(["deployHookUrl"]);

    const newToken = `vercel-SECRET-${uid()}`;
    expect((await invoke(update, { as, params, body: { secrets: { token: newToken } } })).json.secretKeys).toEqual(["deployHookUrl", "token"]);

    const toRender = await invoke(update, { as, params, body: { providerKind: "render", providerSettings: { serviceId: "srv_1" } } });
    expect(toRender.status, toRender.text).toBe(200);
    expect(toRender.json).toMatchObject({ providerKind: "render", providerSettings: { serviceId: "srv_1" }, secretKeys: ["deployHookUrl"] });
    expect(await stored()).toEqual({ keys: ["deployHookUrl"], values: { deployHookUrl: hook } });

    const toCommand = await invoke(update, { as, params, body: { providerKind: "command", providerSettings: { host: "deploy.example.test", command: "./deploy.sh" } } });
    expect(toCommand.status, toCommand.text).toBe(200);
    expect(toCommand.json.secretKeys).toEqual([]);
    expect(await stored()).toEqual({ keys: [], values: null });

    const audit = await db.auditLog.findMany({ where: { projectId: project.id, action: "target.update" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => (a.after as { secretKeys: string[] }).secretKeys)).toEqual([["deployHookUrl"], ["deployHookUrl"], ["deployHookUrl", "token"], ["deployHookUrl"], []]);
  });
});
