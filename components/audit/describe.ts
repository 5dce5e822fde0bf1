import type { TAuditEntry } from "@/lib/queries/audit";

export type Sentence = { verb: string; object?: { label: string; href?: string; mono?: boolean }; detail?: string };
type Ctx = { base: string; targetNames: Record<string, string> };
type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v));

const FEEDBACK_VERBS: Record<string, string> = {
  "feedback.accept": "accepted feedback",
  "feedback.decline": "declined feedback",
  "feedback.duplicate": "marked as a duplicate the feedback",
  "feedback.snooze": "snoozed feedback",
  "feedback.unsnooze": "woke up feedback",
  "feedback.spam": "moved to spam the feedback",
  "feedback.not_spam": "brought back from spam the feedback",
  "feedback.reopen": "reopened feedback",
  "feedback.status": "moved along the feedback",
  "feedback.update": "changed the feedback",
  "feedback.comment": "commented on feedback",
  "feedback.fixed_in_release": "marked fixed the feedback",
};

/** An audit row as a sentence ("changed the health path of staging from /health?walk=1 to /health"). */
export function describeEntry(e: TAuditEntry, { base, targetNames }: Ctx): Sentence {
  const before = obj(e.before);
  const after = obj(e.after);
  const target = (): Sentence["object"] => {
    const name = str(after.name) || str(before.name) || (e.objectId ? targetNames[e.objectId] : "") || "a target";
    return { label: name, href: e.action === "target.delete" || !e.objectId ? undefined : `${base}/targets#target-${e.objectId}-name` };
  };
  const person = (): Sentence["object"] => ({ label: str(after.email) || str(before.email) || "someone", href: `${base}/members` });
  const token = (): Sentence["object"] => ({ label: str(after.name) || str(before.name) || "a token", href: `${base}/tokens` });
  switch (e.action) {
    case "project.create":
      return { verb: "created the project", object: { label: str(after.name) || "this project", href: base } };
    case "project.update": {
      const changes = diff(e.before, e.after);
      return { verb: changes.length === 1 ? `changed the ${changes[0].label} of the project` : "edited the project", object: { label: str(after.name), href: base }, detail: fromTo(changes) };
    }
    case "target.create":
      return { verb: "added the target", object: target(), detail: after.environment ? `(${str(after.environment)})` : undefined };
    case "target.update": {
      const changes = diff(e.before, e.after);
      return { verb: changes.length === 1 ? `changed the ${changes[0].label} of` : "edited the target", object: target(), detail: fromTo(changes) };
    }
    case "target.delete":
      return { verb: "deleted the target", object: target() };
    case "target.test":
      return { verb: "started a connection test of", object: target() };
    case "target.test.result": {
      const ok = after.status === "succeeded";
      const http = after.httpStatus ? `HTTP ${str(after.httpStatus)}` : "no response";
      return { verb: "recorded the connection test of", object: target(), detail: `— ${ok ? "succeeded" : "failed"} (${http}${after.latencyMs != null ? `, ${str(after.latencyMs)} ms` : ""})` };
    }
    case "member.invite":
      return { verb: "invited", object: person(), detail: after.role ? `as ${str(after.role)}` : undefined };
    case "member.invite.revoke":
      return { verb: "revoked the invitation for", object: person() };
    case "member.join":
      return { verb: "joined the project", detail: after.role ? `as ${str(after.role)}` : undefined };
    case "member.update":
      return { verb: "changed the role of", object: person(), detail: `from ${str(before.role)} to ${str(after.role)}` };
    case "member.remove":
      return { verb: "removed", object: person(), detail: "from the project" };
    case "token.create":
      return { verb: "created the API token", object: token(), detail: after.role ? `with the ${str(after.role)} role` : undefined };
    case "token.revoke":
      return { verb: "revoked the API token", object: token(), detail: after.reason ? `(${str(after.reason)})` : undefined };
    default: {
      const feedback = FEEDBACK_VERBS[e.action];
      if (feedback) {
        const ref = str(after.ref);
        return {
          verb: feedback,
          object: ref ? { label: ref, href: `${base}/feedback/${ref}`, mono: true } : { label: "a feedback item" },
          detail: after.reason ? `(${str(after.reason)})` : after.release ? `in ${str(after.release)}` : undefined,
        };
      }
      return { verb: `did ${e.action} on`, object: { label: e.objectType.replace(/_/g, " ") } };
    }
  }
}

const LABELS: Record<string, string> = { baseUrl: "base URL", healthPath: "health path", providerKind: "provider", providerSettings: "provider settings", secretKeys: "stored secrets" };
export type Change = { field: string; label: string; before: string; after: string };

/** Fields whose value differs; a created or deleted object lists every field with an empty other side. */
export function diff(beforeRaw: unknown, afterRaw: unknown): Change[] {
  const before = obj(beforeRaw);
  const after = obj(afterRaw);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => ({ field: k, label: LABELS[k] ?? k.replace(/([A-Z])/g, " $1").toLowerCase(), before: str(before[k]), after: str(after[k]) }));
}

function fromTo(changes: Change[]) {
  if (changes.length !== 1) return changes.length ? `(${changes.map((c) => c.label).join(", ")})` : undefined;
  const [c] = changes;
  return c.before ? `from ${c.before} to ${c.after || "nothing"}` : `to ${c.after}`;
}

const SYSTEM_ACTORS: Record<string, string> = { seed: "The demo seed", "target.probe": "The connection-test worker" };

/** "system:target.probe#cm…" reads as who acted, without the internal job id (the id stays in the export). */
export function actorName(label: string): string {
  const m = /^system:([^#]+)(?:#.*)?$/.exec(label);
  if (!m) return label;
  return SYSTEM_ACTORS[m[1]] ?? `T-Minus (${m[1]})`;
}
