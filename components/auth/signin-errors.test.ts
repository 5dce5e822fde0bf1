import { describe, expect, it } from "vitest";
import { describeSignInError } from "./signin-errors";

describe("sign-in error sentences", () => {
  it("say how long a locked email or address must wait", () => {
    expect(describeSignInError("RateLimited:email:12")).toMatch(/^Too many failed sign-ins for this email\. Try again in 12 minutes, /);
    expect(describeSignInError("RateLimited:address:1")).toMatch(/from your network address\. Try again in 1 minute,/);
  });

  it("tell an unlinked GitHub account to sign in with the password and link from the account", () => {
    expect(describeSignInError("LinkFromAccount")).toContain("Sign in with your password, then link GitHub from your account");
  });

  it("fall back to a general sentence for codes it does not know, never echoing them", () => {
    expect(describeSignInError("RateLimited:email:<script>")).toBe(describeSignInError("unknown"));
    expect(describeSignInError("<b>hi</b>")).not.toContain("<b>");
  });
});
