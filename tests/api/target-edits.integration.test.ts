import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { decryptSecrets } from "@/lib/crypto/secrets";
import { targetSecrets } from "@/lib/targets/targets";
import { projectWithRoles, sessionCookie, uid } from "@/tests/helpers/fixtures";
import { invoke, routeById } from "@/tests/helpers/api-world";

async function adminWithTarget(secrets: Record<string, string> = {}) {
  const { project, users } = await projectWithRoles();
  const as = { cookie: await sessionCookie(users.admin.id) };
  const created = await invoke(routeById("targets.create"), {
    as,
    params: { projectId: project.id },
    body: { name: `t-${uid()}`, environment: "staging", baseUrl: "https://app.example.test", providerKind: "vercel", providerSettings: { projectId: "prj" }, secrets },
  });
  expect(created.status, created.text).toBe(201);
  return { project, users, as, target: created.json as { id: string } };
}

const stored = async (targetId: string) => targetSecrets(await db.target.findUniqueOrThrow({ where: { id: targetId } }));

describe("concurrent edits of one target", () => {
  it("keep both secrets when two PATCHes set different ones at the same time", async () => {
    const { project, as, target } = await adminWithTarget();
    const params = { projectId: project.id, targetId: target.id };
    const update = routeById("targets.update");
    // Without the row lock both read the same (empty) secrets and the later commit drops the earlier secret.
    for (let round = 0; round < 12; round++) {
      await invoke(update, { as, params, body: { secrets: { token: null, deployHookUrl: null } } });
      const token = `tok-${round}-${uid()}`;
      const hook = `https://hooks.example.test/${round}-${uid()}`;
      const [a, b] = await Promise.all([
        invoke(update, { as, params, body: { secrets: { token } } }),
        invoke(update, { as, params, body: { secrets: { deployHookUrl: hook } } }),
      ]);
      expect([a.status, b.status], `${a.text} ${b.text}`).toEqual([200, 200]);
      expect(await stored(target.id), `round ${round}`).toEqual({ token, deployHookUrl: hook });
    }
  });
});

describe("secrets bound to their target", () => {
  it("do not open when the ciphertext is copied to another target of the same project", async () => {
    const { project, as, target } = await adminWithTarget({ token: `SECRET-${uid()}` });
    const second = await invoke(routeById("targets.create"), {
      as,
      params: { projectId: project.id },
      body: { name: `t2-${uid()}`, environment: "production", baseUrl: "https://www.example.test", providerKind: "vercel", providerSettings: { projectId: "prj" } },
    });
    const envelope = (await db.target.findUniqueOrThrow({ where: { id: target.id } })).secretsEncrypted!;
    await db.target.update({ where: { id: second.json.id }, data: { secretsEncrypted: envelope, secretKeys: ["token"] } });
    await expect(stored(second.json.id)).rejects.toThrow();
    expect(await stored(target.id)).toEqual({ token: expect.stringMatching(/^SECRET-/) });
  });

  it("still read a v1 (project-bound) envelope and rewrite it as v2 on the next write", async () => {
    const { project, as, target } = await adminWithTarget();
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", Buffer.from(env.ENCRYPTION_KEY, "base64"), iv);
    cipher.setAAD(Buffer.from(project.id));
    const body = Buffer.concat([cipher.update(JSON.stringify({ token: "old-secret" }), "utf8"), cipher.final()]);
    const v1 = `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
    await db.target.update({ where: { id: target.id }, data: { secretsEncrypted: v1, secretKeys: ["token"] } });
    expect(await stored(target.id)).toEqual({ token: "old-secret" });

    const res = await invoke(routeById("targets.update"), { as, params: { projectId: project.id, targetId: target.id }, body: { secrets: { deployHookUrl: "https://hooks.example.test/x" } } });
    expect(res.status, res.text).toBe(200);
    const row = await db.target.findUniqueOrThrow({ where: { id: target.id } });
    expect(row.secretsEncrypted!.startsWith("v2.")).toBe(true);
    expect(decryptSecrets(row.secretsEncrypted!, { projectId: project.id, targetId: target.id })).toEqual({ token: "old-secret", deployHookUrl: "https://hooks.example.test/x" });
  });
});

describe("base URLs with credentials", () => {
  const message = "must not contain a user name or password; put credentials in the target's secrets";

  it("are refused on create and update with a 400 naming baseUrl", async () => {
    const { project, as, target } = await adminWithTarget();
    const created = await invoke(routeById("targets.create"), {
      as,
      params: { projectId: project.id },
      body: { name: `t-${uid()}`, environment: "staging", baseUrl: "https://deploy:hunter2@app.example.test" },
    });
    const updated = await invoke(routeById("targets.update"), { as, params: { projectId: project.id, targetId: target.id }, body: { baseUrl: "https://deploy:hunter2@app.example.test" } });
    for (const res of [created, updated]) {
      expect(res.status, res.text).toBe(400);
      expect(res.json.error.issues).toEqual([{ path: "baseUrl", rule: "custom", message }]);
      expect(res.json.error.message).toContain("baseUrl");
    }
  });

  it("are shown without the credentials when an older row holds them", async () => {
    const { project, users, target } = await adminWithTarget();
    await db.target.update({ where: { id: target.id }, data: { baseUrl: "https://deploy:hunter2@app.example.test/base" } });
    const as = { cookie: await sessionCookie(users.viewer.id) };
    const one = await invoke(routeById("targets.get"), { as, params: { projectId: project.id, targetId: target.id } });
    const list = await invoke(routeById("targets.list"), { as, params: { projectId: project.id } });
    for (const text of [one.text, list.text]) {
      expect(text).not.toContain("hunter2");
      expect(text).not.toContain("deploy@");
    }
    expect(one.json).toMatchObject({ baseUrl: "https://app.example.test/base", healthUrl: "https://app.example.test/base/health" });
  });
});
