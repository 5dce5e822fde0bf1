import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/queries/api";
import { explainError } from "./error-text";

describe("explainError", () => {
  it("says a refusal in words, keeping the server's code and text for Technical details", () => {
    expect(explainError(new ApiError(403, "forbidden", 'Role "viewer" cannot target create'))).toEqual({
      sentence: "Your role in this project does not allow this. Ask a project admin if you need it.",
      code: "forbidden",
      detail: 'Role "viewer" cannot target create',
    });
  });

  it("keeps a message already written for people, and never shows a bare code", () => {
    expect(explainError(new ApiError(409, "conflict", "A target named staging already exists"))).toEqual({ sentence: "A target named staging already exists", code: "conflict", detail: undefined });
    expect(explainError(new ApiError(500, "internal", "UND_ERR_SOCKET")).sentence).toMatch(/^The server failed to do this/);
  });
});
