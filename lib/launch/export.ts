import { STAGE_LABELS, STATUS_LABELS, type TItem, type TLaunchDetail } from "./schemas";

// A launch's checklist as a Markdown report and as a CSV, from the same view the pages show (readiness included), so an
// export says what the cockpit says. Pure: no server imports.

const date = (iso: string | null) => (iso ? iso.slice(0, 10) : "");

const person = (p: TItem["owner"]) => (p ? p.name || p.email : "");

function sections(items: TItem[]): { title: string; items: TItem[] }[] {
  const bySection = new Map<string, TItem[]>();
  for (const item of [...items].sort((a, b) => a.position - b.position || a.number - b.number)) {
    const list = bySection.get(item.section) ?? [];
    list.push(item);
    bySection.set(item.section, list);
  }
  return [...bySection].map(([title, list]) => ({ title, items: list }));
}

function signOffText(item: TItem): string {
  if (!item.signOff) return item.signOffRequired ? "required, not signed" : "";
  const expiry = item.signOff.expiresAt ? `, ${item.signOff.expired ? "expired" : "expires"} ${date(item.signOff.expiresAt)}` : "";
  return `${item.signOff.by} on ${date(item.signOff.at)}${expiry}`;
}

function waiverText(item: TItem): string {
  if (!item.waiver) return "";
  return `${item.waiver.by}: ${item.waiver.reason} (${item.waiver.expired ? "expired" : "until"} ${date(item.waiver.expiresAt)})`;
}

function bindingText(item: TItem): string {
  if (!item.binding) return "";
  const result = item.binding.ok === null ? "not measured yet" : `${item.binding.ok ? "✓" : "✗"} ${item.binding.summary ?? ""}`.trim();
  return `${item.binding.label}: ${result}`;
}

const dueText = (item: TItem) => (item.dueAt ? `${date(item.dueAt)}${item.overdue ? " (overdue)" : ""}` : "");

// ---- Markdown ------------------------------------------------------------------------------------------------------

/** Table cells are one line; a pipe would end the cell, and a stray < would start HTML in most renderers. */
const cell = (s: string) => s.replace(/\s+/g, " ").replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/</g, "&lt;").trim();

export function checklistMarkdown(launch: TLaunchDetail): string {
  const r = launch.readiness;
  const lines = [
    `# ${cell(launch.name)}`,
    "",
    `- **Stage:** ${STAGE_LABELS[launch.stage]}`,
    `- **Target date:** ${launch.targetDate ? date(launch.targetDate) : "not set"}`,
    `- **Readiness:** ${Math.round(r.score)}/100, ${r.go ? "go" : "no-go"}: ${cell(r.verdict)}`,
    ...(launch.templateName ? [`- **Template:** ${cell(launch.templateName)}`] : []),
    `- **As of:** ${r.at.slice(0, 16).replace("T", " ")} UTC`,
    "",
    "## What holds it",
    "",
    ...(r.holding.length
      ? r.holding.map((h) => `- **${h.ref}** ${cell(h.title)} (${cell(h.section)}): ${cell(h.problem)}`)
      : ["Nothing: every item that counts is complete."]),
  ];
  for (const section of sections(launch.items)) {
    const score = r.sections.find((s) => s.title === section.title);
    lines.push("", `## ${cell(section.title)}`, "");
    if (score) lines.push(`${Math.round(score.score)}/100, ${score.satisfied} of ${score.total} complete, ${score.blockingOpen} blocking open.`, "");
    lines.push(
      "| Ref | Item | Status | Blocking | Owner / assignee | Due | Sign-off | Waiver | Automated check | Evidence |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const item of section.items) {
      const people = [person(item.owner), person(item.assignee)].filter(Boolean).join(" / ");
      const row = [
        item.ref,
        item.title,
        // For done and waived items the problem is news (sign-off missing or expired, waiver lapsed); otherwise it repeats the status.
        STATUS_LABELS[item.status] + ((item.status === "done" || item.status === "waived") && item.problem ? ` — ${item.problem}` : ""),
        item.blocking ? "Yes" : "No",
        people,
        dueText(item),
        signOffText(item),
        waiverText(item),
        bindingText(item),
        String(item.evidenceCount),
      ];
      lines.push(`| ${row.map(cell).join(" | ")} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}

// ---- CSV -----------------------------------------------------------------------------------------------------------

export const CHECKLIST_CSV_COLUMNS = [
  "Ref", "Section", "Title", "Status", "Blocking", "Sign-off required", "Owner", "Assignee", "Due", "Overdue", "Signed off by", "Signed off at",
  "Sign-off expires", "Waived by", "Waiver reason", "Waiver expires", "Automated check", "Check result", "Checked at", "Evidence", "Comments",
  "Problem",
] as const;

/** RFC 4180, every cell quoted; a cell a spreadsheet would run as a formula is prefixed with ' (CSV injection). */
export const csvCell = (value: string | number | boolean | null) => {
  const s = value === null ? "" : String(value);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

const yesNo = (b: boolean) => (b ? "yes" : "no");

export function checklistCsv(launch: TLaunchDetail): string {
  const rows = sections(launch.items).flatMap((s) => s.items).map((item) => [
    item.ref,
    item.section,
    item.title,
    STATUS_LABELS[item.status],
    yesNo(item.blocking),
    yesNo(item.signOffRequired),
    person(item.owner),
    person(item.assignee),
    date(item.dueAt),
    yesNo(item.overdue),
    item.signOff?.by ?? "",
    item.signOff?.at ?? "",
    item.signOff?.expiresAt ?? "",
    item.waiver?.by ?? "",
    item.waiver?.reason ?? "",
    item.waiver?.expiresAt ?? "",
    item.binding?.label ?? "",
    item.binding ? (item.binding.ok === null ? "not measured yet" : `${item.binding.ok ? "ok" : "not ok"}: ${item.binding.summary ?? ""}`) : "",
    item.binding?.checkedAt ?? "",
    item.evidenceCount,
    item.commentCount,
    item.problem,
  ]);
  return [CHECKLIST_CSV_COLUMNS.map(csvCell), ...rows.map((r) => r.map(csvCell))].map((r) => r.join(",")).join("\r\n") + "\r\n";
}
