import { describe, expect, it } from "vitest";
import { normalizeOrigin } from "./origin-rules";

describe("normalizeOrigin", () => {
  it("writes an origin the way browsers send it", () => {
    expect(normalizeOrigin("  https://Shop.Example.com ")).toEqual({ origin: "https://shop.example.com" });
    expect(normalizeOrigin("https://shop.example.com/")).toEqual({ origin: "https://shop.example.com" });
    expect(normalizeOrigin("http://localhost:8080")).toEqual({ origin: "http://localhost:8080" });
    expect(normalizeOrigin("https://shop.example.com:443")).toEqual({ origin: "https://shop.example.com" });
  });

  it("assumes https when the scheme is left out", () => {
    expect(normalizeOrigin("shop.example.com")).toEqual({ origin: "https://shop.example.com" });
  });

  it("explains what is wrong instead of storing something that never matches", () => {
    expect(normalizeOrigin("")).toHaveProperty("error");
    expect(normalizeOrigin("https://shop.example.com/checkout")).toEqual({ error: "Leave out the path: https://shop.example.com covers every page of that site." });
    expect(normalizeOrigin("ftp://files.example.com")).toEqual({ error: "Only http:// and https:// origins can post." });
    expect(normalizeOrigin("https://user:pw@example.com")).toHaveProperty("error");
    expect(normalizeOrigin("https://exa mple.com")).toHaveProperty("error");
  });
});
