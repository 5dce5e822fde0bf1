import { describe, expect, it } from "vitest";
import { AUDIT_CSV_COLUMNS, auditToCsv } from "./query";

type Entry = Parameters<typeof auditToCsv>[0][number];
const entry = (over: Partial<Entry> = {}): Entry => ({
  id: "1",
  createdAt: "2026-01-01T00:00:00.000Z",
  actorType: "user",
  actorLabel: "ada@example.test",
  action: "project.create",
  objectType: "project",
  objectId: "p1",
  before: null,
  after: { name: "Launch" },
  requestId: null,
  ...over,
});
const cells = (csv: string) => csv.split("\r\n")[1];

describe("auditToCsv", () => {
  it("writes the header and ends every row with CRLF", () => {
    expect(auditToCsv([])).toBe(AUDIT_CSV_COLUMNS.join(",") + "\r\n");
    const csv = auditToCsv([entry(), entry({ id: "2" })]);
    expect(csv.split("\r\n")).toHaveLength(4);
    expect(csv.endsWith("\r\n")).toBe(true);
  });

  it("quotes every cell, doubles quotes, keeps commas and newlines inside the cell, and writes JSON for objects", () => {
    const csv = auditToCsv([entry({ actorLabel: 'Ada "the" Admin, Esq.\nline 2', objectId: null, after: { a: 'x"y' } })]);
    expect(cells(csv)).toBe(
      '"1","2026-01-01T00:00:00.000Z","user","Ada ""the"" Admin, Esq.\nline 2","project.create","project","","","{""a"":""x\\""y""}",""',
    );
  });

  it.each(["=HYPERLINK(1)", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])("neutralises a cell starting with %j", (value) => {
    const row = cells(auditToCsv([entry({ actorLabel: value })]));
    expect(row.split(",")[3]).toBe(`"'${value}"`);
  });

  it("leaves ordinary cells and formulas inside JSON alone", () => {
    const row = cells(auditToCsv([entry({ after: { name: "=HYPERLINK(1)" } })]));
    expect(row).toContain('"ada@example.test"');
    expect(row).toContain('"{""name"":""=HYPERLINK(1)""}"');
  });
});
