import { inflateSync } from "node:zlib";
import { unzipSync, strFromU8 } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedDemo } from "@/lib/seed/demo";
import { systemCtx } from "@/lib/auth/context";
import { encryptSecrets } from "@/lib/crypto/secrets";
import { checkBinding } from "@/lib/monitoring/binding";
import { createChannel } from "@/lib/notifications/channels";
import { ensurePartitions, writeResults, type ResultRow } from "@/lib/monitoring/storage";
import { checkFigures } from "@/lib/monitoring/uptime";
import { buildHandoffHtml, buildHandoffPack } from "@/lib/handoff/pack";
import { gatherHandoff, OPEN_FEEDBACK } from "@/lib/handoff/gather";
import { escapeHtml, msText, pct } from "@/lib/handoff/format";
import { qaRef } from "@/lib/qa/runs";
import { NotFoundError } from "@/lib/errors";
import { createUser, uid, userCtx } from "@/tests/helpers/fixtures";

// The pack built from the demo project, opened and read section by section against the database. The demo seed has
// no secrets, uptime results, incidents, runbooks or roadmap, so this file adds them (with values it can look for).

const DAY = 86_400_000;
const HOUR = 3_600_000;
const run = uid();
const SECRETS = {
  hook: `https://api.vercel.example/v1/integrations/deploy/prj_${run}/hook-secret-${run}`,
  token: `vercel-token-${run}-do-not-leak`,
  header: `Bearer check-header-secret-${run}`,
  channel: `http://127.0.0.1:9/hooks/channel-secret-${run}`,
  github: `github-webhook-secret-${run}`,
};

type Pack = { files: Record<string, string>; html: string; pdf: Uint8Array; filename: string; folder: string };
let projectId: string;
let users: Record<string, string>;
let pack: Pack;
let encrypted: string[];

async function seedExtras() {
  const targets = await db.target.findMany({ where: { projectId }, select: { id: true, name: true } });
  const staging = targets.find((t) => t.name === "staging")!;
  await db.target.update({
    where: { id: staging.id },
    data: { secretsEncrypted: encryptSecrets({ deployHookUrl: SECRETS.hook, apiToken: SECRETS.token }, { projectId, targetId: staging.id }), secretKeys: ["apiToken", "deployHookUrl"] },
  });
  const checks = await db.check.findMany({ where: { projectId }, select: { id: true } });
  await db.check.update({
    where: { id: checks[0].id },
    data: { secretsEncrypted: encryptSecrets({ Authorization: SECRETS.header }, checkBinding(projectId, checks[0].id)), secretKeys: ["Authorization"] },
  });
  await createChannel({ ctx: systemCtx("test"), input: { projectId, data: { name: `ops-${run}`, format: "json", url: SECRETS.channel, events: ["deployment.failed"] } } });
  await db.feedbackSettings.update({ where: { projectId }, data: { githubSecretEncrypted: encryptSecrets({ secret: SECRETS.github }, { projectId, targetId: "github" }) } });

  // Uptime: hourly results from 25 to 2 days ago (checks created long before), so the 30- and 90-day figures do not
  // depend on the minute the pack is built. Day 10 ago has three hours down and slow answers.
  const now = Date.now();
  const end = Math.floor((now - 2 * DAY) / HOUR) * HOUR;
  await db.check.updateMany({ where: { projectId }, data: { createdAt: new Date(now - 100 * DAY) } });
  await ensurePartitions(new Date(end - 26 * DAY), new Date(now));
  const rows: ResultRow[] = [];
  for (const [n, check] of checks.entries()) {
    for (let t = end - 23 * DAY; t <= end; t += HOUR) {
      const daysAgo = Math.floor((now - t) / DAY);
      const down = daysAgo === 10 && new Date(t).getUTCHours() < 3 && n === 0;
      rows.push({
        checkId: check.id, at: new Date(t), startedAt: new Date(t - 200), coverMs: HOUR, status: down ? "down" : "up", maintenance: false,
        latencyMs: down ? null : 40 + ((t / HOUR) % 7) * 10 + (daysAgo === 10 ? 400 : 0) + n * 5, httpStatus: down ? 503 : 200, error: down ? "answered 503" : null,
      });
    }
  }
  await db.$transaction((tx) => writeResults(tx, rows), { timeout: 60_000 });

  // Incidents: one recent (in the pack), one 120 days old (outside the 90 days).
  await db.incident.create({
    data: { projectId, checkId: checks[0].id, number: 9001, status: "resolved", title: `Health endpoint answered 503 ${run}`, cause: "answered 503", startedAt: new Date(now - 10 * DAY), resolvedAt: new Date(now - 10 * DAY + 3 * HOUR) },
  });
  await db.incident.create({
    data: { projectId, checkId: checks[0].id, number: 9002, status: "resolved", title: `Ancient outage ${run}`, startedAt: new Date(now - 120 * DAY), resolvedAt: new Date(now - 120 * DAY + HOUR) },
  });

  // Runbooks and roadmap (the lead adds demo rows to the seed separately; these keys do not collide with them).
  await db.runbookPage.create({
    data: {
      projectId, key: `handoff-maintenance-${run}`, title: "Maintenance SOP", ownerId: users.admin, reviewedAt: new Date(now - 5 * DAY),
      body: "## Restart\n\nRun `systemctl restart acme` on **each** node.\n\n```mermaid\ngraph TD\n  LB[Load balancer] --> App[App server]\n  App --> DB[(Postgres)]\n```\n",
    },
  });
  await db.runbookPage.create({
    data: { projectId, key: `handoff-backups-${run}`, title: "Backups", ownerId: users.member, reviewedAt: new Date(now - 200 * DAY), body: "Backups run nightly at {{time of the backup job}}.\n" },
  });
  const bug = await db.feedbackItem.create({
    data: { projectId, number: 90_001, type: "bug", title: `Checkout fails on Safari ${run}`, body: "Steps: open /checkout in Safari 17.", source: "team", status: "accepted", severity: "critical", voteCount: 99 },
  });
  await db.roadmapItem.createMany({
    data: [
      { projectId, kind: "planned", title: `Dark mode ${run}`, notes: "Asked for by **many** users.", ownerId: users.member, targetRelease: "1.5.0", position: 0 },
      { projectId, kind: "scalability", title: `Read replica for reports ${run}`, notes: "Reports slow the primary above 300 rps.", ownerId: users.admin, targetRelease: "2.0.0", position: 0 },
      { projectId, kind: "known_issue", title: `Safari checkout bug ${run}`, ownerId: users.approver, targetRelease: "1.4.1", feedbackItemId: bug.id, position: 0 },
      { projectId, kind: "known_issue", status: "done", title: `Fixed long ago ${run}`, position: 1 },
    ],
  });

  encrypted = [
    ...(await db.target.findMany({ where: { projectId, secretsEncrypted: { not: null } }, select: { secretsEncrypted: true } })).map((t) => t.secretsEncrypted!),
    ...(await db.check.findMany({ where: { projectId, secretsEncrypted: { not: null } }, select: { secretsEncrypted: true } })).map((c) => c.secretsEncrypted!),
    ...(await db.notificationChannel.findMany({ where: { projectId }, select: { urlEncrypted: true } })).map((c) => c.urlEncrypted),
    (await db.feedbackSettings.findUniqueOrThrow({ where: { projectId } })).githubSecretEncrypted!,
  ];
}

/** Every stream of the PDF, inflated where it is deflated: the text a search of the file could find. */
function pdfText(pdf: Uint8Array): string {
  const raw = Buffer.from(pdf);
  let out = raw.toString("latin1");
  const re = /stream\r?\n/g;
  for (let m = re.exec(out); m; m = re.exec(out)) {
    const start = m.index + m[0].length;
    const end = out.indexOf("endstream", start);
    if (end < 0) break;
    try {
      out += inflateSync(raw.subarray(start, end)).toString("latin1");
    } catch {
      /* not deflated */
    }
  }
  return out;
}

beforeAll(async () => {
  ({ projectId, users } = await seedDemo(db));
  await seedExtras();
  const viewer = await createUser({ name: `viewer ${run}` });
  await db.membership.create({ data: { projectId, userId: viewer.id, role: "viewer" } });
  const built = await buildHandoffPack({ ctx: userCtx(viewer), input: { projectId } });
  const entries = unzipSync(built.zip);
  const folder = built.filename.replace(/\.zip$/, "");
  const files: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(entries)) {
    expect(name.startsWith(`${folder}/`)).toBe(true);
    if (name.endsWith(".md")) files[name.slice(folder.length + 1)] = strFromU8(bytes);
  }
  const html = strFromU8(entries[`${folder}/handoff.html`]);
  expect(html).toBe(built.html);
  pack = { files, html, pdf: entries[`${folder}/handoff.pdf`], filename: built.filename, folder };
}, 300_000);

describe("the handoff pack of the demo project", () => {
  it("is a zip named after the project and the day, with every section's file, the page and the PDF", () => {
    expect(pack.filename).toBe(`acme-web-handoff-${new Date().toISOString().slice(0, 10)}.zip`);
    expect(Object.keys(pack.files)).toEqual(
      expect.arrayContaining([
        "README.md", "01-targets.md", "02-launch-checklist.md", "03-deployments.md", "04-uptime.md", "05-incidents.md", "06-qa.md", "07-feedback-and-known-issues.md",
        "08-runbooks/README.md", `08-runbooks/handoff-maintenance-${run}.md`, `08-runbooks/handoff-backups-${run}.md`, "09-roadmap.md",
      ]),
    );
    const pdf = Buffer.from(pack.pdf);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(8);
    expect(pack.html).toMatch(/<svg class="chart"/);
    expect(pack.html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  });

  it("overview: names the project and links every other file", async () => {
    const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
    const readme = pack.files["README.md"];
    expect(readme).toContain(`# ${project.name}: handoff pack`);
    expect(readme).toContain(project.description);
    for (const f of ["01-targets.md", "02-launch-checklist.md", "03-deployments.md", "04-uptime.md", "05-incidents.md", "06-qa.md", "07-feedback-and-known-issues.md", "08-runbooks/README.md", "09-roadmap.md"]) {
      expect(readme).toContain(`](${f})`);
    }
    expect(pack.html).toContain(`<h1>${project.name}</h1>`);
  });

  it("targets: every target with its environment and site, secret names only, and no secret anywhere in the pack", async () => {
    const targets = await db.target.findMany({ where: { projectId } });
    const md = pack.files["01-targets.md"];
    for (const t of targets) {
      expect(md).toContain(`## ${t.name}`);
      expect(md).toContain(t.baseUrl);
      expect(pack.html).toContain(t.baseUrl);
    }
    expect(md).toContain("apiToken, deployHookUrl");
    expect(encrypted.length).toBe(4);
    const everything = [...Object.values(pack.files), pack.html, pdfText(pack.pdf)];
    for (const secret of [...Object.values(SECRETS), ...encrypted, `prj_${run}`, `channel-secret-${run}`]) {
      for (const text of everything) expect(text.includes(secret), `"${secret.slice(0, 30)}…" leaked`).toBe(false);
    }
  });

  it("launch checklist: sign-offs, the waiver and evidence as stored", async () => {
    const launch = await db.launch.findFirstOrThrow({ where: { projectId, archivedAt: null } });
    const items = await db.checklistItem.findMany({ where: { launchId: launch.id }, include: { evidence: true, comments: true } });
    const md = pack.files["02-launch-checklist.md"];
    expect(md).toContain(launch.name);
    const signed = items.filter((i) => i.signedOffBy);
    expect(signed.length).toBeGreaterThan(0);
    for (const i of signed) expect(md).toMatch(new RegExp(`\\| L-${i.number} \\|[^\\n]*${i.signedOffBy!.replace(/[.@]/g, "\\$&")} on ${i.signedOffAt!.toISOString().slice(0, 10)}`));
    const waived = items.filter((i) => i.status === "waived");
    expect(waived.length).toBe(1);
    expect(md).toContain(waived[0].waiverReason!);
    expect(pack.html).toContain(waived[0].waiverReason!);
    const evidence = items.flatMap((i) => i.evidence);
    expect(evidence.length).toBeGreaterThan(0);
    for (const e of evidence) {
      if (e.text) expect(md).toContain(e.text.replace(/\s+/g, " ").trim());
      // Web addresses are links; app-relative ones (automated evidence) are shown as text.
      if (e.url) expect(pack.html).toContain(/^https?:/.test(e.url) ? `href="${escapeHtml(e.url)}"` : escapeHtml(e.url));
    }
    for (const c of items.flatMap((i) => i.comments)) expect(md).toContain(c.body.split("\n")[0]);
  });

  it("deployments: the seeded versions in the history and the version live now on each target", async () => {
    const md = pack.files["03-deployments.md"];
    const deployments = await db.deployment.findMany({ where: { projectId }, include: { release: true } });
    for (const v of new Set(deployments.map((d) => d.release.version))) expect(md).toContain(`| ${v.replace(/\./g, ".")} |`);
    const targets = await db.target.findMany({ where: { projectId } });
    for (const t of targets) {
      const live = deployments.find((d) => d.id === t.liveDeploymentId);
      expect(live).toBeDefined();
      expect(md).toContain(`| ${t.name} | ${t.environment} | ${live!.release.version} (deployment \\#${live!.number}`);
    }
  });

  it("uptime: the 30- and 90-day figures the uptime service computes, per check, with charts", async () => {
    const md = pack.files["04-uptime.md"];
    const checks = await db.check.findMany({ where: { projectId } });
    const data = await gatherHandoff(projectId);
    for (const c of checks) {
      const figures = await checkFigures(c, Date.now());
      expect(data.uptime.find((u) => u.id === c.id)!.windows).toEqual({ "30d": figures["30d"], "90d": figures["90d"] });
      expect(figures["30d"].uptimePct).not.toBeNull();
      for (const w of ["30d", "90d"] as const) {
        const f = figures[w];
        expect(md).toContain(`- **${w.slice(0, 2)} days:** ${pct(f.uptimePct)}; down`);
        expect(md).toContain(`p50 ${msText(f.p50)}, p95 ${msText(f.p95)}`);
        expect(pack.html).toContain(pct(f.uptimePct));
      }
    }
    // The check with an outage is below 100% and says so in words, not only in colour.
    expect(md).toMatch(/99\.\d\d% \(degraded\)|9\d\.\d\d% \(poor\)/);
    expect((pack.html.match(/<svg class="chart"/g) ?? []).length).toBe(checks.length * 4);
    expect(pack.html).toContain("p95 (dashed line)");
  });

  it("incidents: those of the last 90 days only", () => {
    const md = pack.files["05-incidents.md"];
    expect(md).toContain(`Health endpoint answered 503 ${run}`);
    expect(md).not.toContain(`Ancient outage ${run}`);
    expect(md).toContain("3 h 0 min");
  });

  it("QA: the latest finished run of each kind on each target, with its result", async () => {
    const md = pack.files["06-qa.md"];
    const runs = await db.qaRun.findMany({ where: { projectId, finishedAt: { not: null }, status: { in: ["passed", "failed", "errored"] } }, include: { target: true }, orderBy: { finishedAt: "desc" } });
    const latest = new Map<string, (typeof runs)[number]>();
    for (const r of runs) if (!latest.has(`${r.targetId}/${r.kind}`)) latest.set(`${r.targetId}/${r.kind}`, r);
    expect(latest.size).toBeGreaterThanOrEqual(4);
    for (const r of latest.values()) {
      const result = { passed: "Passed", failed: "Failed", errored: "Errored" }[r.status as "passed"];
      expect(md).toContain(`## ${qaRef(r.number)}: ${r.kind} on ${r.target.name}: ${result}`);
    }
    expect((md.match(/^## QA-/gm) ?? []).length).toBe(latest.size);
  });

  it("feedback: the open count equals the database's, top items, and known issues from the roadmap and critical bugs", async () => {
    const open = await db.feedbackItem.count({ where: { projectId, status: { in: OPEN_FEEDBACK } } });
    const md = pack.files["07-feedback-and-known-issues.md"];
    expect(md).toContain(`${open} open item${open === 1 ? "" : "s"}`);
    expect(md).toContain(`Checkout fails on Safari ${run}`);
    const known = md.slice(md.indexOf("## Known issues"));
    expect(known).toContain(`Safari checkout bug ${run}`);
    expect(known).toContain(`**FB-90001** Checkout fails on Safari ${run}`);
    expect(known).not.toContain(`Fixed long ago ${run}`);
  });

  it("runbooks: every page as written with owner and review date, a drawn diagram, and warnings for prompts and stale reviews", () => {
    const sop = pack.files[`08-runbooks/handoff-maintenance-${run}.md`];
    expect(sop).toContain("- **Owner:** Ada Admin &lt;admin@acme.test>");
    expect(sop).toContain("Run `systemctl restart acme` on **each** node.");
    expect(sop).toContain("```mermaid\ngraph TD");
    expect(sop).not.toContain("Warning");
    const backups = pack.files[`08-runbooks/handoff-backups-${run}.md`];
    expect(backups).toContain("time of the backup job");
    expect(backups).toMatch(/Warning:\*\* 1 template prompt still to fill in/);
    expect(backups).toMatch(/Not reviewed in the last 90 days/);
    expect(pack.html).toContain("<strong>each</strong>");
    expect(pack.html).toMatch(/<figure class="md-mermaid" data-mermaid=""><svg [^>]*id="handoff-diagram-\d+"/);
    expect(pack.html).toContain("Not reviewed in the last 90 days");
  });

  it("roadmap: planned items, scalability notes and known issues with owner and target release", () => {
    const md = pack.files["09-roadmap.md"];
    const planned = md.slice(md.indexOf("## Planned"), md.indexOf("## Scalability notes"));
    expect(planned).toContain(`Dark mode ${run}`);
    expect(planned).toContain("target release: 1.5.0");
    expect(planned).toContain("Max Member");
    expect(planned).toContain("> Asked for by **many** users.");
    expect(md.slice(md.indexOf("## Scalability notes"))).toContain(`Read replica for reports ${run}`);
    expect(md.slice(md.indexOf("## Known issues"))).toContain(`Safari checkout bug ${run}`);
    expect(pack.html).toContain("Asked for by <strong>many</strong> users.");
  });
});

describe("who may build it", () => {
  it("refuses someone outside the project as if it did not exist", async () => {
    const stranger = await createUser({ name: `stranger ${run}` });
    await expect(buildHandoffHtml({ ctx: userCtx(stranger), input: { projectId } })).rejects.toBeInstanceOf(NotFoundError);
  });
});
