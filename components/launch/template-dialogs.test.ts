import { describe, expect, it } from "vitest";
import { issuePath } from "./template-dialogs";

describe("issuePath (import errors named by field)", () => {
  it("names sections and items by their number, counting from 1", () => {
    expect(issuePath("sections.0.items.2.title")).toBe("Section 1, item 3, title");
    expect(issuePath("content.sections.1.title")).toBe("Section 2, title");
    expect(issuePath("sections")).toBe("sections");
    expect(issuePath("")).toBe("The document");
  });
});
