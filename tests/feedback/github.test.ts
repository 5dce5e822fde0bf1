import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  BODY_CUT_NOTE, CLOSED_AS_DUPLICATE, CLOSED_NOT_PLANNED, DELETED_ON_GITHUB, decryptGithubSecret, encryptGithubSecret, githubLabels, githubType, issueBody,
  issueTitle, statusChange, verifyGithubSignature,
} from "@/lib/feedback/github";
import { LIMITS } from "@/lib/feedback/schemas";

const body = Buffer.from('{"action":"opened","issue":{"title":"Ünïcode 🚀"}}', "utf8");
const secret = "whsec-for-the-unit-test-0123456789";
const hex = (s: string, b: Buffer) => createHmac("sha256", s).update(b).digest("hex");

describe("verifyGithubSignature", () => {
  it("accepts sha256=<hex HMAC of the exact bytes> with the secret, in either case of hex", () => {
    expect(verifyGithubSignature(secret, body, `sha256=${hex(secret, body)}`)).toEqual({ ok: true });
    expect(verifyGithubSignature(secret, body, `sha256=${hex(secret, body).toUpperCase()}`)).toEqual({ ok: true });
  });

  it("refuses a missing, malformed, forged or other-body signature, saying which", () => {
    expect(verifyGithubSignature(secret, body, null)).toMatchObject({ ok: false, message: expect.stringMatching(/missing/) });
    for (const header of ["", "sha1=" + "a".repeat(40), `sha256=${"a".repeat(63)}`, `sha256=${"g".repeat(64)}`, `sha256=${hex(secret, body)}00`, hex(secret, body)]) {
      expect(verifyGithubSignature(secret, body, header || null), header).toMatchObject({ ok: false });
    }
    expect(verifyGithubSignature(secret, body, `sha256=${"a".repeat(63)}`)).toMatchObject({ message: expect.stringMatching(/64 hexadecimal/) });
    expect(verifyGithubSignature(secret, body, `sha256=${hex("another-secret-of-some-length", body)}`)).toMatchObject({ ok: false, message: expect.stringMatching(/does not match/) });
    const tampered = Buffer.from(body.toString("utf8").replace("opened", "closed"));
    expect(verifyGithubSignature(secret, tampered, `sha256=${hex(secret, body)}`)).toMatchObject({ ok: false });
  });
});

describe("the GitHub secret envelope", () => {
  it("opens for its project only and never holds the secret in clear", () => {
    const envelope = encryptGithubSecret("project-a", secret);
    expect(envelope).not.toContain(secret);
    expect(decryptGithubSecret("project-a", envelope)).toBe(secret);
    expect(() => decryptGithubSecret("project-b", envelope)).toThrow();
  });
});

describe("mapping an issue", () => {
  it("derives the type from labels: bug, then idea (enhancement, feature, idea), then question, else bug", () => {
    expect(githubType(["bug", "enhancement"])).toBe("bug");
    expect(githubType(["Enhancement"])).toBe("idea");
    expect(githubType(["feature"])).toBe("idea");
    expect(githubType(["idea", "question"])).toBe("idea");
    expect(githubType(["question"])).toBe("question");
    expect(githubType(["documentation"])).toBe("bug");
    expect(githubType([])).toBe("bug");
  });

  it("keeps labels within the item's limits: no commas or line breaks, 40 characters, 10 labels, once each", () => {
    const labels = githubLabels([
      { name: "bug" }, { name: "bug" }, { name: "good first issue" }, { name: "a,b" }, { name: "line\nbreak" }, { name: "x".repeat(60) }, { name: "   " },
      ...Array.from({ length: 10 }, (_, i) => ({ name: `l${i}` })),
    ]);
    expect(labels).toEqual(["bug", "good first issue", "a b", "line break", "x".repeat(LIMITS.label), "l0", "l1", "l2", "l3", "l4"]);
    expect(labels).toHaveLength(LIMITS.labels);
  });

  it("cuts titles and bodies to the item's limits, without NULs or half surrogate pairs", () => {
    // The cut falls inside the rocket's surrogate pair: the half left over is not kept as such.
    const title = issueTitle("T".repeat(198) + "🚀" + "more");
    expect(title).toHaveLength(LIMITS.title);
    expect(title.endsWith("…")).toBe(true);
    expect(title.isWellFormed()).toBe(true);
    expect(issueTitle("  Short \u0000title  ")).toBe("Short title");
    expect(issueTitle("   ")).toBe("(untitled GitHub issue)");
    const long = issueBody("b".repeat(LIMITS.body + 5));
    expect(long).toHaveLength(LIMITS.body);
    expect(long.endsWith(BODY_CUT_NOTE)).toBe(true);
    expect(issueBody(null)).toBe("");
    expect(issueBody("fits")).toBe("fits");
  });
});

describe("statusChange", () => {
  const now = new Date("2026-01-02T03:04:05Z");
  const triaged = new Date("2026-01-01T00:00:00Z");

  it("closing as completed fixes open items (a new one is accepted on the way) and leaves decisions alone", () => {
    expect(statusChange("closed", { status: "new", triagedAt: null }, "completed", now)).toEqual({ status: "fixed", fixedAt: now, statusChangedAt: now, triagedAt: now });
    expect(statusChange("closed", { status: "in_progress", triagedAt: triaged }, null, now)).toEqual({ status: "fixed", fixedAt: now, statusChangedAt: now });
    for (const status of ["fixed", "released", "declined", "duplicate", "spam"] as const) expect(statusChange("closed", { status, triagedAt: triaged }, "completed", now), status).toBeNull();
  });

  it("closing as not planned or as a duplicate declines with a reason that says so", () => {
    expect(statusChange("closed", { status: "accepted", triagedAt: triaged }, "not_planned", now)).toEqual({ status: "declined", declineReason: CLOSED_NOT_PLANNED, statusChangedAt: now });
    expect(statusChange("closed", { status: "new", triagedAt: null }, "duplicate", now)).toMatchObject({ status: "declined", declineReason: CLOSED_AS_DUPLICATE });
    expect(statusChange("closed", { status: "spam", triagedAt: null }, "not_planned", now)).toBeNull();
  });

  it("reopening brings fixed, released or declined items back to accepted if they were triaged, else new", () => {
    const back = { declineReason: null, fixedAt: null, releasedAt: null, statusChangedAt: now };
    expect(statusChange("reopened", { status: "fixed", triagedAt: triaged }, null, now)).toEqual({ status: "accepted", ...back });
    expect(statusChange("reopened", { status: "declined", triagedAt: null }, null, now)).toEqual({ status: "new", ...back });
    expect(statusChange("reopened", { status: "released", triagedAt: triaged }, null, now)).toMatchObject({ status: "accepted" });
    for (const status of ["new", "accepted", "planned", "in_progress", "duplicate", "spam"] as const) expect(statusChange("reopened", { status, triagedAt: triaged }, null, now), status).toBeNull();
  });

  it("deleting declines anything not already closed", () => {
    expect(statusChange("deleted", { status: "fixed", triagedAt: triaged }, null, now)).toEqual({ status: "declined", declineReason: DELETED_ON_GITHUB, statusChangedAt: now });
    for (const status of ["declined", "duplicate", "spam"] as const) expect(statusChange("deleted", { status, triagedAt: null }, null, now), status).toBeNull();
  });
});
