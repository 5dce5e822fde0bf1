import { describe, expect, it } from "vitest";
import { buildSecrets, placeSecretIssue, secretKeysOf, type SecretRow } from "./secrets";

const rows = (...pairs: [string, string][]): SecretRow[] => pairs.map(([name, value], key) => ({ key, name, value }));

describe("buildSecrets (the load form's secret headers → the body's top-level secrets)", () => {
  it("sends named rows as header name → value, skipping blank rows; nothing when there are none", () => {
    expect(buildSecrets(rows([" Authorization ", "Bearer abc"], ["", ""], ["Cookie", "session=1"]))).toEqual({ secrets: { Authorization: "Bearer abc", Cookie: "session=1" }, errors: {} });
    expect(buildSecrets(rows(["", ""]))).toEqual({ secrets: undefined, errors: {} });
    expect(buildSecrets([])).toEqual({ secrets: undefined, errors: {} });
  });

  it("says what is wrong with a row, and sends nothing while anything is", () => {
    const built = buildSecrets(rows(["", "token"], ["X Api", "1"], ["host", "a"], ["Authorization", ""], ["authorization", "b"], ["X-Key", "a\nb"], ["X-Ok", "1"]));
    expect(built.secrets).toBeUndefined();
    expect(built.errors).toEqual({
      "secrets.0": "Name the header, such as Authorization.",
      "secrets.1": "“X Api” is not a header name: letters, digits and - only, no spaces or colon.",
      "secrets.2": "host is set by T-Minus itself.",
      "secrets.3": "Give Authorization a value, or remove the row.",
      "secrets.4": "authorization is already listed above.",
      "secrets.5": "The value of X-Key must be one line.",
    });
  });
});

describe("placeSecretIssue (the API's issues about secrets beside their row)", () => {
  const form = rows(["Authorization", "x"], ["X-Key", "y"]);
  it("finds the row by header name, whatever its case", () => {
    expect(placeSecretIssue({ path: "secrets.x-key", rule: "too_big", message: "must be at most 4000 characters" }, form)).toEqual(["secrets.1", "Must be at most 4000 characters."]);
    expect(placeSecretIssue({ path: "secrets", rule: "custom", message: "are only for load tests" }, form)).toEqual(["secrets", "Are only for load tests."]);
    expect(placeSecretIssue({ path: "secrets.Other", rule: "custom", message: "unknown" }, form)).toEqual(["secrets", "Other: Unknown."]);
    expect(placeSecretIssue({ path: "settings.rate", rule: "custom", message: "x" }, form)).toBeNull();
  });
});

describe("secretKeysOf (names only, and only when the API sends them)", () => {
  it("reads names and tolerates their absence", () => {
    expect(secretKeysOf({ secretKeys: ["Authorization", 3, ""] })).toEqual(["Authorization"]);
    expect(secretKeysOf({ id: "r1" })).toEqual([]);
    expect(secretKeysOf(null)).toEqual([]);
  });
});
