import { checklistMarkdown } from "../launch/export";
import { STATUS_LABELS } from "../launch/schemas";
import type { HandoffData, HandoffFeedback, HandoffRoadmapItem } from "./gather";
import {
  EMPTY, ROADMAP_KINDS, SECTIONS, dateTime, day, duration, findingsText, liveText, mdText, msText, pct, personText, qaResult, runbookFiles, runbookWarnings,
  sectionTitle, uptimeWord, words, type SectionId,
} from "./format";

// The pack as Markdown files: one per section, so a team can drop them into a repository's docs. Text the team wrote
// as Markdown (runbooks, notes, descriptions, comments) is kept as written; everything else is escaped as plain text.

type File = { path: string; content: string };

const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map((c) => mdText(c)).join(" | ")} |`)].join("\n");

const heading = (id: SectionId) => `# ${sectionTitle(id)}`;

/** Markdown the team wrote, set off so a stray heading in it cannot look like one of the pack's own. */
const quoted = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");

export function handoffMarkdownFiles(data: HandoffData): { path: string; content: string }[] {
  const runbookPaths = runbookFiles(data.runbooks.map((p) => p.key));
  const files: File[] = [
    { path: "README.md", content: overview(data) },
    { path: "01-targets.md", content: targets(data) },
    { path: "02-launch-checklist.md", content: checklist(data) },
    { path: "03-deployments.md", content: deployments(data) },
    { path: "04-uptime.md", content: uptime(data) },
    { path: "05-incidents.md", content: incidents(data) },
    { path: "06-qa.md", content: qa(data) },
    { path: "07-feedback-and-known-issues.md", content: feedback(data) },
    { path: "08-runbooks/README.md", content: runbookIndex(data, runbookPaths) },
    ...data.runbooks.map((page, i) => ({ path: runbookPaths[i], content: runbookPage(page) })),
    { path: "09-roadmap.md", content: roadmap(data) },
  ];
  return files.map((f) => ({ path: f.path, content: f.content.replace(/\n{3,}/g, "\n\n").trimEnd() + "\n" }));
}

function overview(d: HandoffData): string {
  const active = d.launches.find((l) => l.active);
  const openIncidents = d.incidents.filter((i) => i.status === "open").length;
  return [
    `# ${mdText(d.project.name)}: handoff pack`,
    "",
    d.project.description ? quoted(d.project.description) : "_No description._",
    "",
    `- **Project:** ${mdText(d.project.name)} (\`${d.project.slug.replace(/`/g, "")}\`), created ${day(d.project.createdAt)}`,
    `- **Generated:** ${dateTime(d.generatedAt)}`,
    `- **Targets:** ${d.targets.length ? d.targets.map((t) => `${mdText(t.name)} (${mdText(t.environment)})`).join(", ") : EMPTY.targets}`,
    `- **Live now:** ${d.deployments.live.length ? d.deployments.live.map((l) => `${mdText(l.targetName)}: ${mdText(l.version ?? "nothing deployed")}`).join(", ") : EMPTY.deployments}`,
    `- **Launch:** ${active ? `${mdText(active.name)}, ${words(active.stage)}, readiness ${Math.round(active.readiness.score)}/100 (${active.readiness.go ? "go" : "no-go"})` : EMPTY.checklist}`,
    `- **Incidents (90 days):** ${d.incidents.length} (${openIncidents} open)`,
    `- **Open feedback:** ${d.feedback.openCount}`,
    `- **Runbook pages:** ${d.runbooks.length}`,
    "",
    "## Team",
    "",
    d.members.length ? table(["Name", "Email", "Role"], d.members.map((m) => [m.name, m.email, m.role])) : "No members.",
    "",
    "## Contents",
    "",
    ...SECTIONS.slice(1).map((s, i) => `${i + 1}. [${s.title}](${s.file})`),
    "",
    "The same contents are in `handoff.html` (printable) and `handoff.pdf`.",
  ].join("\n");
}

function targets(d: HandoffData): string {
  const out = [heading("targets"), "", "Secret values are never exported: only the names of the secrets a target has.", ""];
  if (!d.targets.length) out.push(EMPTY.targets);
  for (const t of d.targets) {
    const p = t.policy;
    out.push(
      `## ${mdText(t.name)}`,
      "",
      `- **Environment:** ${mdText(t.environment)}`,
      `- **Site:** ${mdText(t.baseUrl)} (health: ${mdText(t.healthPath)})`,
      `- **Provider:** ${words(t.providerKind)}`,
      `- **Secrets configured (names only):** ${t.secretNames.length ? t.secretNames.map(mdText).join(", ") : "none"}`,
      `- **Approvals:** ${p.approvalsRequired ? `${p.approvalsRequired} from ${p.approverRoles.join(" or ")}, valid ${p.approvalExpiryMinutes} min` : "none required"}`,
      `- **Queue:** ${words(p.queuePolicy)}; verify for ${p.verifySeconds} s; automatic rollback ${p.autoRollback ? "on" : "off"}`,
      `- **Public status page:** ${p.publicStatus ? "shown" : "not shown"}`,
      `- **Lock:** ${p.locked ? `locked since ${dateTime(p.locked.at)} by ${mdText(p.locked.by)}: ${mdText(p.locked.reason)}` : "not locked"}`,
      `- **Uptime checks:** ${t.checks.length ? t.checks.map((c) => `${mdText(c.name)} (${c.kind}, every ${c.intervalSeconds} s, ${c.enabled ? c.state : "disabled"})`).join("; ") : "none"}`,
      "",
    );
  }
  out.push("## Notification channels", "");
  out.push(
    d.notificationChannels.length
      ? table(["Name", "Format", "Events", "Enabled"], d.notificationChannels.map((c) => [c.name, c.format, c.events.join(", ") || "none", c.enabled ? "yes" : "no"]))
      : EMPTY.channels,
  );
  return out.join("\n");
}

function checklist(d: HandoffData): string {
  const out = [heading("checklist"), ""];
  if (!d.launches.length) out.push(EMPTY.checklist);
  for (const launch of d.launches) {
    out.push(`_${launch.active ? "Active launch" : `Archived launch (${day(launch.archivedAt)})`}._`, "");
    // The cockpit's own export, demoted one level so each launch sits under this file's title.
    out.push(checklistMarkdown(launch).replace(/^(#+) /gm, "#$1 "), "");
    const detailed = launch.items.filter((i) => i.description.trim() || launch.extras[i.id]);
    if (!detailed.length) continue;
    out.push(`### Item details: ${mdText(launch.name)}`, "");
    for (const item of detailed) {
      const extras = launch.extras[item.id];
      out.push(`#### ${item.ref} ${mdText(item.title)} (${STATUS_LABELS[item.status]})`, "");
      if (item.signOff) out.push(`Signed off by ${mdText(item.signOff.by)} on ${day(item.signOff.at)}.`, "");
      if (item.waiver) out.push(`Waived by ${mdText(item.waiver.by)} until ${day(item.waiver.expiresAt)}: ${mdText(item.waiver.reason)}`, "");
      if (item.description.trim()) out.push(item.description.trim(), "");
      if (extras?.evidence.length) {
        out.push("Evidence:", "");
        for (const e of extras.evidence) {
          const text = e.text.trim() ? e.text.replace(/\s+/g, " ").trim() : "(no note)";
          // Only web addresses become links; anything else is shown as text.
          const link = e.url ? (/^https?:\/\//i.test(e.url) ? `<${e.url.replace(/[<>\s]/g, encodeURIComponent)}> ` : `${mdText(e.url)} `) : "";
          out.push(`- ${link}${text} (${mdText(e.addedBy)}, ${day(e.createdAt)})`);
        }
        out.push("");
      }
      if (extras?.comments.length) {
        out.push("Comments:", "");
        for (const c of extras.comments) out.push(`${mdText(c.author)} on ${dateTime(c.createdAt)}:`, "", quoted(c.body), "");
      }
    }
  }
  return out.join("\n");
}

function deployments(d: HandoffData): string {
  const out = [heading("deployments"), "", "## Live now", ""];
  out.push(d.deployments.live.length ? table(["Target", "Environment", "Version live"], d.deployments.live.map((l) => [l.targetName, l.environment, liveText(l)])) : EMPTY.targets);
  out.push("", `## History (latest ${d.deployments.history.length} of ${d.deployments.total})`, "");
  out.push(
    d.deployments.history.length
      ? table(
          ["#", "Target", "Version", "Kind", "Status", "Requested by", "Requested", "Finished", "Reason"],
          d.deployments.history.map((x) => [x.number, x.targetName, x.version, x.kind, words(x.status), x.requestedBy, dateTime(x.createdAt), dateTime(x.finishedAt), x.failureReason ?? x.reason]),
        )
      : EMPTY.deployments,
  );
  return out.join("\n");
}

function uptime(d: HandoffData): string {
  const out = [heading("uptime"), "", "Uptime is the share of known time (maintenance excluded) that a check was up or degraded.", ""];
  if (!d.uptime.length) out.push(EMPTY.uptime);
  else {
    out.push(
      table(
        ["Check", "Target", "30-day uptime", "30-day p50", "30-day p95", "90-day uptime", "90-day p50", "90-day p95"],
        d.uptime.map((c) => [
          c.name, c.targetName ?? "—", `${pct(c.windows["30d"].uptimePct)} (${uptimeWord(c.windows["30d"].uptimePct)})`, msText(c.windows["30d"].p50), msText(c.windows["30d"].p95),
          `${pct(c.windows["90d"].uptimePct)} (${uptimeWord(c.windows["90d"].uptimePct)})`, msText(c.windows["90d"].p50), msText(c.windows["90d"].p95),
        ]),
      ),
      "",
    );
  }
  for (const c of d.uptime) {
    out.push(`## ${mdText(c.name)}`, "");
    for (const w of ["30d", "90d"] as const) {
      const f = c.windows[w];
      out.push(`- **${w === "30d" ? "30" : "90"} days:** ${pct(f.uptimePct)}; down ${duration(f.downMs)}; ${f.runs} runs, ${f.failures} failures; p50 ${msText(f.p50)}, p95 ${msText(f.p95)}`);
    }
    const known = c.days.filter((x) => x.uptimePct !== null || x.p50 !== null);
    out.push("", "Per day (UTC, last 90 days, days with results):", "");
    out.push(known.length ? table(["Day", "Uptime", "Down", "p50", "p95"], known.map((x) => [x.day, pct(x.uptimePct), duration(x.downMs), msText(x.p50), msText(x.p95)])) : EMPTY.uptimeData, "");
  }
  return out.join("\n");
}

function incidents(d: HandoffData): string {
  const out = [heading("incidents"), ""];
  out.push(
    d.incidents.length
      ? table(
          ["#", "Title", "Status", "Check", "Started", "Resolved", "Duration", "Acknowledged by", "Cause"],
          d.incidents.map((i) => [i.number, i.title, i.status, i.checkName, dateTime(i.startedAt), dateTime(i.resolvedAt), i.durationMs === null ? "ongoing" : duration(i.durationMs), i.acknowledgedBy ?? "—", i.cause]),
        )
      : EMPTY.incidents,
  );
  return out.join("\n");
}

function qa(d: HandoffData): string {
  const out = [heading("qa"), "", "The latest finished run of each kind on each target.", ""];
  if (!d.qa.length) out.push(EMPTY.qa);
  for (const r of d.qa) {
    out.push(
      `## ${r.ref}: ${r.kind} on ${mdText(r.targetName)}: ${qaResult(r.status)}`,
      "",
      `- **Finished:** ${dateTime(r.finishedAt)}`,
      `- **Summary:** ${mdText(r.summary ?? "—")}`,
      `- **Findings:** ${findingsText(r.findings)}`,
      ...(r.reliable ? [] : [`- **Unreliable:** ${mdText(r.unreliableReason ?? "yes")}`]),
      "",
      r.topFindings.length
        ? table(["Severity", "Finding", "Where", "Gating", "Advice"], r.topFindings.map((f) => [f.severity, f.title, f.location, f.gating ? "yes" : f.needsReview ? "review" : "no", f.advice]))
        : EMPTY.findings,
      "",
    );
  }
  return out.join("\n");
}

function feedbackBlock(items: HandoffFeedback[]): string[] {
  const out: string[] = [];
  for (const f of items) {
    out.push(`### ${f.ref} ${mdText(f.title)}`, "", `${words(f.type)}, ${words(f.status)}, severity ${f.severity ?? "not set"}, ${f.voteCount} votes, filed ${day(f.createdAt)}`, "");
    if (f.body.trim()) out.push(quoted(f.body), "");
  }
  return out;
}

function feedback(d: HandoffData): string {
  const f = d.feedback;
  const out = [heading("feedback"), "", "## Open feedback", ""];
  if (!f.openCount) out.push(EMPTY.feedback, "");
  else {
    out.push(
      `${f.openCount} open item${f.openCount === 1 ? "" : "s"} (new, accepted, planned or in progress).`,
      "",
      table(["Severity", "Open"], (["critical", "high", "medium", "low", "unset"] as const).map((s) => [s === "unset" ? "not set" : s, f.bySeverity[s]])),
      "",
      table(["Type", "Open"], Object.entries(f.byType).map(([t, n]) => [t, n])),
      "",
      `### Top ${f.top.length} by votes`,
      "",
      ...feedbackBlock(f.top),
    );
  }
  out.push("## Known issues", "");
  const known = [...d.knownIssues.roadmap.map(roadmapLine), ...d.knownIssues.bugs.map((b) => `- **${b.ref}** ${mdText(b.title)} (bug, ${b.severity}, ${words(b.status)}, ${b.voteCount} votes)`)];
  out.push(known.length ? known.join("\n") : EMPTY.knownIssues);
  return out.join("\n");
}

function runbookIndex(d: HandoffData, paths: string[]): string {
  const out = [heading("runbooks"), ""];
  if (!d.runbooks.length) out.push(EMPTY.runbooks);
  d.runbooks.forEach((p, i) => {
    const warn = runbookWarnings(p);
    out.push(`- [${mdText(p.title)}](${paths[i].replace("08-runbooks/", "")}): ${mdText(personText(p.owner))}, reviewed ${day(p.reviewedAt)}${warn.length ? ` — ⚠ ${mdText(warn.join(" "))}` : ""}`);
  });
  return out.join("\n");
}

function runbookPage(p: HandoffData["runbooks"][number]): string {
  const warn = runbookWarnings(p);
  return [
    `<!-- Runbook "${p.key.replace(/--/g, "")}" from the handoff pack; the page below is as its authors wrote it. -->`,
    "",
    `- **Title:** ${mdText(p.title)}`,
    `- **Owner:** ${mdText(personText(p.owner))}`,
    `- **Last reviewed:** ${day(p.reviewedAt)}`,
    `- **Last updated:** ${dateTime(p.updatedAt)}`,
    ...warn.map((w) => `- **⚠ Warning:** ${mdText(w)}`),
    "",
    "---",
    "",
    p.body.trim() || "_This page is empty._",
  ].join("\n");
}

function roadmapLine(r: HandoffRoadmapItem): string {
  const meta = [words(r.status), `owner: ${personText(r.owner)}`, `target release: ${r.targetRelease ?? "not set"}`, ...(r.feedback ? [`from ${r.feedback.ref}`] : [])];
  return `- **${mdText(r.title)}** (${mdText(meta.join("; "))})`;
}

function roadmap(d: HandoffData): string {
  const out = [heading("roadmap"), ""];
  for (const { kind, title } of ROADMAP_KINDS) {
    const items = d.roadmap.filter((r) => r.kind === kind);
    out.push(`## ${title}`, "");
    if (!items.length) out.push(EMPTY.roadmap[kind], "");
    for (const r of items) {
      out.push(roadmapLine(r), "");
      if (r.notes.trim()) out.push(quoted(r.notes).replace(/^/gm, "  "), "");
    }
  }
  return out.join("\n");
}
