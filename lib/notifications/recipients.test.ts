import { describe, expect, it } from "vitest";
import { joinRecipients, MAX_RECIPIENTS, recipientsHint, splitRecipients, ZRecipients } from "./recipients";
import { ZChannelCreate } from "./schemas";

const messages = (input: unknown) => {
  const r = ZRecipients.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe("e-mail channel recipients", () => {
  it("are read from a list or from pasted text, unique case-insensitively, in the order given", () => {
    expect(ZRecipients.parse("ops@example.com, Oncall@Example.com;\nOPS@example.com  cto@acme.test")).toEqual(["ops@example.com", "Oncall@Example.com", "cto@acme.test"]);
    expect(ZRecipients.parse(["ops@example.com", "a@b.io, c@d.io"])).toEqual(["ops@example.com", "a@b.io", "c@d.io"]);
  });

  it.each([
    ["", "list at least one e-mail address"],
    [" , ;", "list at least one e-mail address"],
    ["ops@example.com, nope", '"nope" is not an e-mail address'],
    ["ops@example.com\r\nBcc: all@example.com", '"Bcc:" is not an e-mail address'],
    ["<ops@example.com>", '"<ops@example.com>" is not an e-mail address'],
    [Array.from({ length: MAX_RECIPIENTS + 1 }, (_, i) => `u${i}@example.com`), "list at most 20 addresses (21 given); use a mailing list for more"],
    [42, "must be e-mail addresses, as a list or separated by commas"],
  ])("refuse %j: %s", (input, message) => expect(messages(input)).toEqual([message]));

  it("survive the round trip through the sealed envelope", () => {
    const list = ["ops@example.com", "cto@acme.test"];
    expect(splitRecipients(joinRecipients(list))).toEqual(list);
  });

  it("are shown only as a count and their domains", () => {
    expect(recipientsHint(["ops@example.com"])).toBe("1 recipient at example.com");
    expect(recipientsHint(["ops@example.com", "dev@Example.com", "a@acme.test"])).toBe("3 recipients at example.com, acme.test");
    expect(recipientsHint(["a@one.test", "b@two.test", "c@three.test"])).toBe("3 recipients at one.test, two.test and 1 more domain");
    expect(recipientsHint(["a@one.test", "b@two.test", "c@three.test", "d@four.test"])).toBe("4 recipients at one.test, two.test and 2 more domains");
  });
});

describe("ZChannelCreate for e-mail", () => {
  const base = { name: "On call", events: ["*"] };
  it("takes recipients in url, and refuses them for webhook formats (and a URL for e-mail) at url", () => {
    expect(ZChannelCreate.parse({ ...base, format: "email", url: "ops@example.com" })).toEqual({ ...base, format: "email", url: ["ops@example.com"], enabled: true });
    const paths = (input: unknown) => ZChannelCreate.safeParse(input).error?.issues.map((i) => i.path.join("."));
    expect(paths({ ...base, format: "slack", url: ["ops@example.com"] })).toEqual(["url"]);
    expect(paths({ ...base, format: "email", url: "https://hooks.slack.com/services/x" })).toEqual(["url"]);
    expect(ZChannelCreate.safeParse({ ...base, format: "sms", url: "x" }).error?.issues).toMatchObject([{ path: ["format"], message: "must be one of slack, discord, json, email" }]);
  });
});
