// Pure, so the sentences are unit-tested without a database.
type InstanceEvent = { action: string; actorLabel: string; objectType: string; objectId: string | null; before: unknown; after: unknown };

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const plural = (n: unknown, word: string) => `${String(n)} ${word}${n === 1 ? "" : "s"}`;

/** An instance event as a sentence an admin reads at a glance; the raw action stays available beside it. */
export function describeInstanceEntry(e: InstanceEvent): string {
  const after = obj(e.after);
  const who = e.actorLabel;
  switch (e.action) {
    case "instance.setup":
      return `${who} set up this T-Minus instance and became its first admin`;
    case "auth.signin":
      return `${who} signed in with ${after.method === "github" ? "GitHub" : "a password"}`;
    case "auth.lockout": {
      const whose = e.objectType === "email" ? `the email ${e.objectId}` : `the address ${e.objectId}`;
      return `Password sign-ins for ${whose} were locked for ${plural(after.windowMinutes, "minute")} after ${plural(after.failures, "failed attempt")}`;
    }
    case "user.github_link":
      return `${who} linked a GitHub account${after.via === "verified_email" ? " by its verified email" : " from their account page"}`;
    case "user.github_unlink":
      return `${who} unlinked their GitHub account`;
    case "instance.settings.update": {
      const names: Record<string, string> = { projectCreation: "who may create projects", network: "the network policy" };
      const changed = Object.keys(after).filter((k) => JSON.stringify(obj(e.before)[k]) !== JSON.stringify(after[k]));
      return `${who} changed ${changed.length ? changed.map((k) => names[k] ?? k).join(" and ") : "the instance settings"}`;
    }
    case "outbox.retry":
      return `${who} retried the stuck job ${e.objectId ?? ""}`.trim();
    default:
      return `${who}: ${e.action}`;
  }
}
