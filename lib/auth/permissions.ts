import type { Role } from "@prisma/client";

export const ROLES = ["viewer", "member", "approver", "admin"] as const satisfies readonly Role[];

const everyone = ["viewer", "member", "approver", "admin"] as const;
const admins = ["admin"] as const;

// The one permissions table: every project-scoped action and the roles that may perform it.
// Verbs check it on the server; the RBAC matrix test enumerates it.
export const PERMISSIONS = {
  "project.read": everyone,
  "project.update": admins,
  "project.delete": admins,
  "target.read": everyone,
  "target.create": admins,
  "target.update": admins,
  "target.delete": admins,
  "target.test": ["member", "approver", "admin"],
  "member.read": everyone,
  "member.invite": admins,
  "member.update": admins,
  "member.remove": admins,
  "token.read": admins,
  "token.create": admins,
  "token.revoke": admins,
  "audit.read": ["approver", "admin"],
  "live.subscribe": everyone,
  "release.read": everyone,
  "release.create": ["member", "approver", "admin"],
  "release.update": ["member", "approver", "admin"],
  "deployment.read": everyone,
  "deployment.request": ["member", "approver", "admin"],
  // The target's policy narrows this further (approverRoles), and nobody approves their own request.
  "deployment.approve": ["approver", "admin"],
  "deployment.cancel": ["member", "approver", "admin"],
  "deployment.rollback": ["approver", "admin"],
  // Deploy through a lock or a freeze window, or bypass approvals in an emergency: always with a reason.
  "deployment.override": admins,
  "target.lock": ["approver", "admin"],
  "freeze.manage": admins,
  "notification.manage": admins,
  "check.read": everyone,
  "check.manage": admins,
  "incident.respond": ["member", "approver", "admin"],
  "maintenance.manage": admins,
  "launch.read": everyone,
  // Start or archive a launch, shape its checklist (add, remove, edit, bind items) and the project's templates.
  "launch.manage": ["approver", "admin"],
  // Work through items: status, assignee, evidence, comments.
  "checklist.work": ["member", "approver", "admin"],
  // Sign items off and grant waivers (never on an item one owns).
  "checklist.signoff": ["approver", "admin"],
  // Move a launch to its next stage: a recorded go/no-go decision.
  "launch.decide": ["approver", "admin"],
  // Move a launch on while readiness says no-go: with a reason, audited and notified.
  "launch.override": admins,
  "qa.read": everyone,
  // Start and cancel QA runs, keep QA profiles (saved settings, schedules, runs after deploys).
  "qa.run": ["member", "approver", "admin"],
  // A load test against a production target can hurt real users: an approver starts it (or saves its profile).
  "qa.production_load": ["approver", "admin"],
  "feedback.read": everyone,
  // File an item through the API (support tools use a member token) and +1 items.
  "feedback.submit": ["member", "approver", "admin"],
  "feedback.vote": everyone,
  // Accept, decline, mark duplicates, set severity, labels, assignee, status, sprints; comment.
  "feedback.triage": ["member", "approver", "admin"],
  // Intake settings: the public key, allowed origins, the public board, the GitHub secret and Discord keys.
  "feedback.manage": admins,
  "runbook.read": everyone,
  // Write and edit runbook pages, mark them reviewed, set their owner.
  "runbook.write": ["member", "approver", "admin"],
  // Delete a runbook page (its revisions go with it).
  "runbook.delete": ["approver", "admin"],
  "roadmap.read": everyone,
  // Add, edit, reorder and close roadmap items; plan accepted feedback.
  "roadmap.write": ["member", "approver", "admin"],
  // Download the project's handoff pack (zip of Markdown, printable HTML, PDF): everything in it is readable by viewers.
  "handoff.export": everyone,
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(role: Role, action: Action): boolean {
  return (PERMISSIONS[action] as readonly Role[]).includes(role);
}

const rank: Record<Role, number> = { viewer: 0, member: 1, approver: 2, admin: 3 };
export const roleAtLeast = (role: Role, min: Role) => rank[role] >= rank[min];
