import { describe, expect, it } from "vitest";
import { describeBodyIssue, lineOfPath, parseSectionsYaml, sectionsYaml } from "./template-yaml";

const exported = `name: Beta
description: Our beta list
sections:
  - title: Security
    items:
      - title: Backups restore
        blocking: true
      - title: ""
`;

describe("the template edit dialog's YAML", () => {
  it("drops the name and description from the export, keeping the sections", () => {
    const text = sectionsYaml(exported);
    expect(text.startsWith("sections:")).toBe(true);
    expect(text).not.toMatch(/^name:/m);
    expect(parseSectionsYaml(text)).toEqual({ sections: [{ title: "Security", items: [{ title: "Backups restore", blocking: true }, { title: "" }] }], problems: [] });
  });
  it("names the line and column of a syntax error", () => {
    const out = parseSectionsYaml("sections:\n  - title: A\n    items: [\n");
    expect(out.sections).toBeNull();
    expect(out.problems[0]).toMatch(/^Line \d+, column \d+: /);
  });
  it("says where the name and other stray keys go, and asks for a list of sections", () => {
    expect(parseSectionsYaml("name: X\nsections: []\n").problems).toEqual(["Line 1: `name` goes in the Name field above; remove it from the YAML."]);
    expect(parseSectionsYaml("sections:\n  title: A\n").problems).toEqual(['Line 2: `sections` must be a list, each entry starting with "- title:".']);
    expect(parseSectionsYaml("- title: A\n").problems[0]).toMatch(/must start with `sections:`/);
    expect(parseSectionsYaml("  ").problems[0]).toMatch(/empty/);
  });
  it("finds the line of a server issue's path, or of the nearest entry that exists", () => {
    const text = sectionsYaml(exported);
    expect(lineOfPath(text, "body.sections.0.items.1.title")).toBe(6);
    expect(lineOfPath(text, "body.sections.0.items.0.renewalDays")).toBe(4);
    expect(lineOfPath(text, "body")).toBeNull();
    expect(describeBodyIssue(text, { path: "body.sections.0.items.1.title", message: "is required" })).toBe("Section 1, item 2, title is required (line 6).");
  });
});
