import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors";
import { checkStructure, isJsonMediaType, requestIdOf } from "./request-guards";

describe("isJsonMediaType", () => {
  it.each(["application/json", "Application/JSON", "application/json; charset=utf-8", 'application/json;charset="utf-8"', "application/json ; charset=UTF-8"])(
    "accepts %j",
    (type) => expect(isJsonMediaType(type)).toBe(true),
  );
  it.each(["text/plain; application/json", "text/plain", "application/jsonp", "application/json, text/plain", "application/json; charset", "application/json;;", "application/json; a=b c", "", "*/*"])(
    "refuses %j",
    (type) => expect(isJsonMediaType(type)).toBe(false),
  );
});

describe("requestIdOf", () => {
  const withId = (id: string) => requestIdOf(new Request("http://localhost/", { headers: { "x-request-id": id } }));
  it("keeps a short plain id and replaces anything else with a UUID", () => {
    expect(withId("ci-run:42.7_a")).toBe("ci-run:42.7_a");
    for (const odd of ["a".repeat(65), "a b", "<x>", "caf\u00e9", "a/b"]) expect(withId(odd)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(new Request("http://localhost/"))).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("checkStructure", () => {
  const issue = (value: unknown) => {
    try {
      checkStructure(value, "");
      return null;
    } catch (e) {
      return (e as ValidationError).issues?.[0];
    }
  };
  it("allows 32 levels and refuses the 33rd, without recursion, naming the path", () => {
    const nest = (n: number) => JSON.parse(`${'{"a":'.repeat(n)}1${"}".repeat(n)}`);
    expect(issue(nest(32))).toBeNull();
    expect(issue(nest(33))).toMatchObject({ path: "a".repeat(32).split("").join("."), rule: "too_deep" });
    expect(issue(JSON.parse("[".repeat(100_000) + "]".repeat(100_000)))).toMatchObject({ path: Array(32).fill("0").join("."), rule: "too_deep" });
  });
  it("refuses NUL and unpaired surrogates in values and keys", () => {
    expect(issue({ a: { b: "x\u0000" } })).toMatchObject({ path: "a.b", rule: "invalid_characters" });
    expect(issue({ a: ["ok", "\ud800"] })).toMatchObject({ path: "a.1", rule: "invalid_characters" });
    expect(issue({ s: { "\udfff": "x" } })).toMatchObject({ path: "s", rule: "invalid_characters" });
    expect(issue({ ok: "🚀 e\u0301 \u202e" })).toBeNull();
  });
});
