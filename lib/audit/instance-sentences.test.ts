import { describe, expect, it } from "vitest";
import { describeInstanceEntry } from "./instance-sentences";

const entry = (action: string, extra: Partial<Parameters<typeof describeInstanceEntry>[0]> = {}) => ({
  action,
  actorLabel: "ada@acme.test",
  objectType: "user",
  objectId: null,
  before: null,
  after: null,
  ...extra,
});

describe("instance activity sentences", () => {
  it("say who signed in and how", () => {
    expect(describeInstanceEntry(entry("auth.signin", { after: { method: "password" } }))).toBe("ada@acme.test signed in with a password");
    expect(describeInstanceEntry(entry("auth.signin", { after: { method: "github" } }))).toBe("ada@acme.test signed in with GitHub");
  });

  it("name the locked email or address, for how long and after how many failures", () => {
    const locked = entry("auth.lockout", { actorLabel: "system:signin-limit", objectType: "email", objectId: "max@acme.test", after: { failures: 5, windowMinutes: 15 } });
    expect(describeInstanceEntry(locked)).toBe("Password sign-ins for the email max@acme.test were locked for 15 minutes after 5 failed attempts");
    const address = entry("auth.lockout", { objectType: "address", objectId: "203.0.113.9", after: { failures: 20, windowMinutes: 1 } });
    expect(describeInstanceEntry(address)).toBe("Password sign-ins for the address 203.0.113.9 were locked for 1 minute after 20 failed attempts");
  });

  it("say which settings changed, in words", () => {
    const before = { projectCreation: "anyone", network: { allowPrivate: true } };
    const after = { projectCreation: "instance_admins", network: { allowPrivate: true } };
    expect(describeInstanceEntry(entry("instance.settings.update", { before, after }))).toBe("ada@acme.test changed who may create projects");
    const both = { projectCreation: "instance_admins", network: { allowPrivate: false } };
    expect(describeInstanceEntry(entry("instance.settings.update", { before, after: both }))).toBe("ada@acme.test changed who may create projects and the network policy");
  });

  it("cover GitHub links, set-up and retries, and fall back to the raw action", () => {
    expect(describeInstanceEntry(entry("user.github_link", { after: { via: "session" } }))).toBe("ada@acme.test linked a GitHub account from their account page");
    expect(describeInstanceEntry(entry("user.github_link", { after: { via: "verified_email" } }))).toBe("ada@acme.test linked a GitHub account by its verified email");
    expect(describeInstanceEntry(entry("instance.setup"))).toBe("ada@acme.test set up this T-Minus instance and became its first admin");
    expect(describeInstanceEntry(entry("outbox.retry", { objectId: "job-1" }))).toBe("ada@acme.test retried the stuck job job-1");
    expect(describeInstanceEntry(entry("something.new"))).toBe("ada@acme.test: something.new");
  });
});
