import { describe, expect, it } from "vitest";
import { ZProjectCreate, ZProjectUpdate, slugify } from "./schemas";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

describe("slugify", () => {
  it.each([
    ["Launch Pad", "launch-pad"],
    ["  Hello,   World!  ", "hello-world"],
    ["Crème Brûlée", "creme-brulee"],
    ["Åsa Öberg", "asa-oberg"],
    ["ＦＵＬＬ width", "full-width"],
    ["v2.0 -- beta", "v2-0-beta"],
    ["!!!", "project"],
    ["", "project"],
  ])("%j → %j", (name, slug) => expect(slugify(name)).toBe(slug));

  it("cuts at 48 characters without leaving a dash at the end", () => {
    for (const name of ["x".repeat(47) + " yyy", "a".repeat(100), "word ".repeat(20), "é".repeat(60)]) {
      const slug = slugify(name);
      expect(slug.length, name).toBeLessThanOrEqual(48);
      expect(slug, name).toMatch(SLUG);
    }
  });

  it("always yields a slug the create schema accepts", () => {
    for (const name of ["Launch Pad", "Crème Brûlée", "=HYPERLINK(1)", "x".repeat(47) + " yyy", "--a--b--"]) {
      expect(ZProjectCreate.safeParse({ name: "ok", slug: slugify(name) }).success, name).toBe(true);
    }
  });
});

describe("project schemas", () => {
  it("patch only what was sent: no default fills an omitted description", () => {
    expect(ZProjectUpdate.parse({ name: "New name" })).toEqual({ name: "New name" });
    expect(ZProjectUpdate.safeParse({}).success).toBe(false);
    expect(ZProjectCreate.parse({ name: "New" })).toEqual({ name: "New", description: "" });
  });
});
