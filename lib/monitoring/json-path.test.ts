import { describe, expect, it } from "vitest";
import { assertJsonPath, evaluateJsonPath, jsonText, parseJsonPath } from "./json-path";
import { ZHttpSettings } from "./schemas";

const body = JSON.stringify({
  status: "ok",
  version: 3,
  live: true,
  gone: null,
  checks: [{ name: "db", ok: true }, { name: "redis", ok: false, "retry-after": 5 }],
  meta: { region: "eu", tags: ["a", "b"] },
});

describe("parseJsonPath", () => {
  it("reads keys and indexes in order", () => {
    expect(parseJsonPath("$")).toEqual([]);
    expect(parseJsonPath("$.checks[1].retry-after")).toEqual([{ key: "checks" }, { index: 1 }, { key: "retry-after" }]);
    expect(parseJsonPath("$[0][2]")).toEqual([{ index: 0 }, { index: 2 }]);
  });

  it("refuses what the settings schema refuses", () => {
    for (const path of ["status", "$.", "$..a", "$.a[", "$.a[x]", "$.1a", "$['a']", "$.a b", "$.a[-1]"]) {
      expect(parseJsonPath(path), path).toBeNull();
      const schema = ZHttpSettings.safeParse({ url: "https://example.com", jsonPath: { path, equals: "x" } });
      expect(schema.success, path).toBe(false);
    }
  });
});

describe("evaluateJsonPath", () => {
  const root = JSON.parse(body);
  const at = (path: string) => evaluateJsonPath(parseJsonPath(path)!, root);

  it("finds nested values through objects and arrays", () => {
    expect(at("$.checks[1].name")).toEqual({ found: true, value: "redis" });
    expect(at("$.meta.tags[0]")).toEqual({ found: true, value: "a" });
    expect(at("$.gone")).toEqual({ found: true, value: null });
    expect(at("$")).toEqual({ found: true, value: root });
  });

  it("reports missing keys, indexes past the end and steps into the wrong kind of value", () => {
    for (const path of ["$.nope", "$.checks[2]", "$.status.length", "$.checks.length", "$.meta[0]", "$.status[0]", "$.constructor", "$.gone.x"]) {
      expect(at(path), path).toEqual({ found: false });
    }
  });
});

describe("jsonText", () => {
  it("keeps strings and writes everything else as JSON", () => {
    expect([jsonText("ok"), jsonText(42), jsonText(1.5), jsonText(false), jsonText(null)]).toEqual(["ok", "42", "1.5", "false", "null"]);
    expect(jsonText({ a: 1, b: [true] })).toBe('{"a":1,"b":[true]}');
  });
});

describe("assertJsonPath", () => {
  it("passes when the value reads as the expected text", () => {
    expect(assertJsonPath(body, { path: "$.status", equals: "ok" })).toEqual({ ok: true, actual: "ok" });
    expect(assertJsonPath(body, { path: "$.version", equals: "3" })).toEqual({ ok: true, actual: "3" });
    expect(assertJsonPath(body, { path: "$.checks[0].ok", equals: "true" })).toEqual({ ok: true, actual: "true" });
    expect(assertJsonPath(body, { path: "$.meta.tags", equals: '["a","b"]' })).toEqual({ ok: true, actual: '["a","b"]' });
  });

  it("says what it found when the value differs", () => {
    expect(assertJsonPath(body, { path: "$.checks[1].ok", equals: "true" })).toEqual({ ok: false, error: '$.checks[1].ok was "false"; expected "true".' });
    // The number 3 and the string "3" both read as 3: the comparison is on text, as people write the expected value.
    expect(assertJsonPath(JSON.stringify({ v: "3" }), { path: "$.v", equals: "3" }).ok).toBe(true);
    expect(assertJsonPath(body, { path: "$.status", equals: "OK" })).toEqual({ ok: false, error: '$.status was "ok"; expected "OK".' });
  });

  it("says when the value is missing or the body is not JSON", () => {
    expect(assertJsonPath(body, { path: "$.health", equals: "ok" })).toEqual({ ok: false, error: '$.health is missing from the body; expected "ok".' });
    expect(assertJsonPath("<html>down</html>", { path: "$.status", equals: "ok" })).toEqual({
      ok: false,
      error: "The body is not JSON, so $.status could not be read.",
    });
    expect(assertJsonPath("", { path: "$.status", equals: "ok" }).ok).toBe(false);
  });

  it("shortens a long value in the sentence", () => {
    const result = assertJsonPath(JSON.stringify({ log: "x".repeat(5000) }), { path: "$.log", equals: "ok" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBe(`$.log was "${"x".repeat(200)}…"; expected "ok".`);
  });
});
