import { describe, expect, it } from "vitest";
import { ZProjectCreate, ZProjectUpdate, slugify } from "./schemas";
import { issuesFromZod } from "../errors";

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

describe("slugs never look like project ids", () => {
  const idShaped = "c" + "k3x9q0v7m2a1b4d6e8f0g2h4j".slice(0, 24);

  it("refuses an id-shaped slug on create and update, naming the slug and the rule", () => {
    for (const schema of [ZProjectCreate, ZProjectUpdate]) {
      const result = schema.safeParse({ name: "Shadow", slug: idShaped });
      expect(result.success).toBe(false);
      expect(issuesFromZod(result.error!)).toContainEqual({ path: "slug", rule: "looks_like_id", message: expect.stringMatching(/project id/) });
    }
    expect(ZProjectCreate.safeParse({ name: "Fine", slug: `${idShaped}-web` }).success).toBe(true);
  });

  it("slugify turns an id-shaped name into a slug that is not id-shaped", () => {
    const slug = slugify(idShaped.toUpperCase());
    expect(slug).toBe(`${idShaped}-project`);
    expect(ZProjectCreate.safeParse({ name: "ok", slug }).success).toBe(true);
  });
});
