import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors";
import { ZQaProfileUpdate, ZQaRunCreate } from "./schemas";
import { mergeSecrets } from "./secrets";

describe("secret headers are one header per name, whatever its case", () => {
  it("a request's name replaces a saved one spelled differently, and null removes it", () => {
    expect(mergeSecrets({ Authorization: "Bearer old", "X-Team": "a" }, { authorization: "Bearer new" })).toEqual({ "X-Team": "a", authorization: "Bearer new" });
    expect(mergeSecrets({ Authorization: "Bearer old", "X-Team": "a" }, { AUTHORIZATION: null })).toEqual({ "X-Team": "a" });
    expect(mergeSecrets({ Authorization: "Bearer old" }, undefined)).toEqual({ Authorization: "Bearer old" });
  });

  it("refuses a merge that would hold more than 20 headers, naming the field", () => {
    const saved = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`X-Saved-${i}`, "v"]));
    const more = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`X-New-${i}`, "v"]));
    expect(() => mergeSecrets(saved, more)).toThrow(ValidationError);
    expect(Object.keys(mergeSecrets(saved, { ...more, "X-Saved-0": null }))).toHaveLength(20);
  });

  it("refuses two spellings of one header in the same request (rule duplicate)", () => {
    for (const schema of [ZQaRunCreate, ZQaProfileUpdate]) {
      const res = schema.safeParse({ targetId: "t", kind: "load", secrets: { Authorization: "a", authorization: "b" } });
      expect(res.success).toBe(false);
      expect(res.error!.issues.map((i) => [i.path.join("."), (i as { params?: { rule?: string } }).params?.rule])).toContainEqual(["secrets.authorization", "duplicate"]);
    }
    expect(ZQaRunCreate.safeParse({ targetId: "t", kind: "load", secrets: { Authorization: "a", "X-Api-Key": "b" } }).success).toBe(true);
  });
});
