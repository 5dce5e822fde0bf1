import { describe, expect, it } from "vitest";
import { explainConnectionError } from "./explain-error";

describe("explainConnectionError", () => {
  it("turns socket codes into sentences and keeps the code apart", () => {
    expect(explainConnectionError("Could not reach http://127.0.0.1:4102/health: UND_ERR_SOCKET")).toEqual({
      sentence: "127.0.0.1:4102 closed the connection before answering. Check that the server speaks HTTP on that port.",
      code: "UND_ERR_SOCKET",
    });
    expect(explainConnectionError("Could not reach http://127.0.0.1:4102/health: ECONNREFUSED")?.sentence).toBe(
      "Nothing answers at 127.0.0.1:4102 — is the server running, and on that port?",
    );
  });

  it("keeps sentences that are already for people", () => {
    expect(explainConnectionError("Health check answered HTTP 503")).toEqual({ sentence: "Health check answered HTTP 503" });
    expect(explainConnectionError(null)).toBeNull();
  });
});
