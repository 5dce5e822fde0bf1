import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

describe("client address for the sign-in limit", () => {
  it("ignores forwarding headers entirely without a trusted proxy", () => {
    expect(clientAddress({ "x-forwarded-for": "203.0.113.9" }, 0)).toBeNull();
    expect(clientAddress({}, 0)).toBeNull();
  });

  it("takes the address the Nth proxy from the right appended, not what the client wrote before it", () => {
    expect(clientAddress({ "x-forwarded-for": "1.1.1.1, 203.0.113.9" }, 1)).toBe("203.0.113.9");
    expect(clientAddress({ "x-forwarded-for": "1.1.1.1, 203.0.113.9, 10.0.0.2" }, 2)).toBe("203.0.113.9");
    expect(clientAddress({ "x-forwarded-for": ["1.1.1.1", "2001:db8::7"] }, 1)).toBe("2001:db8::7");
  });

  it("has no address when the header is missing, too short or not an address", () => {
    expect(clientAddress({}, 1)).toBeNull();
    expect(clientAddress({ "x-forwarded-for": "203.0.113.9" }, 2)).toBeNull();
    expect(clientAddress({ "x-forwarded-for": "1.1.1.1, unknown" }, 1)).toBeNull();
  });
});
