import { describe, expect, it } from "vitest";
import { CHECKLIST_CSV_COLUMNS, checklistCsv, checklistMarkdown, csvCell } from "./export";
import { PHASE5 } from "./phase5";
import { ZLaunchDetail, ZTemplateBody, type TItem, type TLaunchDetail } from "./schemas";

const at = "2026-11-20T09:30:00.000Z";
const ada = { id: "u1", name: "Ada Lovelace", email: "ada@example.test" };
const bob = { id: "u2", name: "Bob", email: "bob@example.test" };

// One item per Phase 5 line, all to do, then a few dressed up with everything an export has to show.
function launch(): TLaunchDetail {
  let number = 0;
  const items: TItem[] = PHASE5.body.sections.flatMap((s) =>
    s.items.map((i) => {
      number += 1;
      return {
        id: `i${number}`, launchId: "l1", number, ref: `L-${number}`, position: number - 1, section: s.title, title: i.title, description: i.description,
        owner: null, assignee: null, dueAt: null, overdue: false, blocking: i.blocking, signOffRequired: i.signOffRequired, status: "todo" as const,
        renewalDays: i.renewalDays, signOff: null, waiver: null, binding: null, evidenceCount: 0, commentCount: 0, satisfied: false, problem: "Not started.",
        updatedAt: at,
      };
    }),
  );
  Object.assign(items[0], {
    status: "done", owner: ada, assignee: bob, dueAt: "2026-11-01T00:00:00.000Z", overdue: false, evidenceCount: 3, satisfied: false,
    problem: "The sign-off expired on 2026-11-18; it needs signing again.",
    signOff: { by: "ada@example.test", at: "2026-10-19T10:00:00.000Z", expiresAt: "2026-11-18T10:00:00.000Z", expired: true },
    binding: { kind: "qa_run", params: {}, label: "Load test passed on production", ok: true, summary: "p95 212 ms at 800 rps", href: null, checkedAt: at },
  });
  Object.assign(items[1], {
    title: '=HYPERLINK("http://evil.test","click") | pipes, "quotes"\nand a newline',
    status: "waived", satisfied: true, problem: null,
    waiver: { by: "bob@example.test", reason: "+1 from the client, see thread", expiresAt: "2026-12-31T00:00:00.000Z", expired: false },
  });
  Object.assign(items[2], { dueAt: "2026-11-10T00:00:00.000Z", overdue: true, assignee: bob, status: "in_progress", problem: "In progress." });
  Object.assign(items[3], { owner: { ...ada, name: "@admin" } });
  return ZLaunchDetail.parse({
    id: "l1", projectId: "p1", name: "Acme 1.0", stage: "soft_launch", targetDate: "2026-12-01T09:00:00.000Z", templateName: PHASE5.name,
    createdBy: "ada@example.test", createdAt: at, archivedAt: null,
    readiness: {
      score: 42.4, go: false, verdict: "No-go: 15 blocking items open, 1 sign-off expired",
      holding: [{ id: "i1", ref: "L-1", title: items[0].title, section: items[0].section, problem: items[0].problem }],
      sections: PHASE5.body.sections.map((s) => ({ title: s.title, score: 10, satisfied: 1, total: s.items.length, blockingOpen: 1 })),
      counts: { todo: items.length - 3, in_progress: 1, done: 1, waived: 1, not_applicable: 0 }, total: items.length, at,
    },
    items,
    decisions: [],
  });
}

/** A minimal RFC 4180 reader, to check the CSV the way a spreadsheet would read it. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    expect(text[i], `cell at ${i} is quoted`).toBe('"');
    let value = "";
    i += 1;
    for (;;) {
      if (text[i] === '"' && text[i + 1] === '"') {
        value += '"';
        i += 2;
      } else if (text[i] === '"') break;
      else value += text[i++];
    }
    row.push(value);
    i += 1;
    if (text[i] === ",") i += 1;
    else {
      expect(text.slice(i, i + 2)).toBe("\r\n");
      rows.push(row);
      row = [];
      i += 2;
    }
  }
  return rows;
}

describe("the Phase 5 template", () => {
  it("parses with ZTemplateBody, unchanged by defaults", () => {
    expect(ZTemplateBody.parse(PHASE5.body)).toEqual(PHASE5.body);
  });
});

describe("checklistMarkdown", () => {
  const md = checklistMarkdown(launch());

  it("heads the report with stage, target date, readiness and what holds the launch", () => {
    expect(md.startsWith("# Acme 1.0\n")).toBe(true);
    expect(md).toContain("- **Stage:** Soft launch");
    expect(md).toContain("- **Target date:** 2026-12-01");
    expect(md).toContain("- **Readiness:** 42/100, no-go: No-go: 15 blocking items open, 1 sign-off expired");
    expect(md).toContain("## What holds it\n\n- **L-1** High-traffic simulation (load test) (Final testing & QA): The sign-off expired on 2026-11-18");
  });

  it("has every section, in template order, with a row per item", () => {
    const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(["What holds it", ...PHASE5.body.sections.map((s) => s.title)]);
    const rows = md.split("\n").filter((l) => /^\| L-\d+ /.test(l));
    expect(rows).toHaveLength(PHASE5.body.sections.reduce((n, s) => n + s.items.length, 0));
  });

  it("shows sign-off, waiver, owner, due date, the automated check and evidence in the item's row", () => {
    const row = (ref: string) => md.split("\n").find((l) => l.startsWith(`| ${ref} |`))!;
    expect(row("L-1")).toBe(
      "| L-1 | High-traffic simulation (load test) | Done — The sign-off expired on 2026-11-18; it needs signing again. | Yes | Ada Lovelace / Bob | 2026-11-01 | " +
        "ada@example.test on 2026-10-19, expired 2026-11-18 |  | Load test passed on production: ✓ p95 212 ms at 800 rps | 3 |",
    );
    expect(row("L-2")).toContain("| Waived | Yes |  |  |  | bob@example.test: +1 from the client, see thread (until 2026-12-31) |");
    expect(row("L-3")).toContain("| In progress | No | Bob | 2026-11-10 (overdue) |  |");
    expect(row("L-4")).toContain("| required, not signed |");
  });

  it("keeps a title with pipes, newlines and markup inside its cell", () => {
    const row = md.split("\n").find((l) => l.startsWith("| L-2 |"))!;
    expect(row).toContain('| =HYPERLINK("http://evil.test","click") \\| pipes, "quotes" and a newline |');
    expect(row.split(/(?<!\\)\|/)).toHaveLength(12);
    expect(checklistMarkdown({ ...launch(), name: "<script>x</script>" })).toMatch(/^# &lt;script>x&lt;\/script>\n/);
  });
});

describe("checklistCsv", () => {
  const rows = readCsv(checklistCsv(launch()));

  it("is RFC 4180 with a header and one row per item, every section present", () => {
    expect(rows[0]).toEqual([...CHECKLIST_CSV_COLUMNS]);
    const items = rows.slice(1);
    expect(items).toHaveLength(launch().items.length);
    expect([...new Set(items.map((r) => r[1]))]).toEqual(PHASE5.body.sections.map((s) => s.title));
    expect(items.map((r) => r[0])).toEqual(launch().items.map((i) => i.ref));
  });

  it("quotes commas, quotes and newlines so they stay inside the cell", () => {
    const col = (name: (typeof CHECKLIST_CSV_COLUMNS)[number]) => CHECKLIST_CSV_COLUMNS.indexOf(name);
    const first = rows[1];
    expect(first[col("Status")]).toBe("Done");
    expect(first[col("Owner")]).toBe("Ada Lovelace");
    expect(first[col("Signed off at")]).toBe("2026-10-19T10:00:00.000Z");
    expect(first[col("Check result")]).toBe("ok: p95 212 ms at 800 rps");
    expect(first[col("Evidence")]).toBe("3");
    expect(rows[2][col("Waiver reason")]).toBe("'+1 from the client, see thread");
    expect(rows[3][col("Overdue")]).toBe("yes");
    expect(rows[4][col("Owner")]).toBe("'@admin");
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    expect(rows[2][2]).toBe(`'=HYPERLINK("http://evil.test","click") | pipes, "quotes"\nand a newline`);
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(csvCell(`${start}1+1`)).toBe(`"'${start}1+1"`);
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(" =not at start")).toBe('" =not at start"');
  });
});
