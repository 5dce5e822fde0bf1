import { describe, expect, it } from "vitest";
import { ROUTES } from "@/lib/api/routes";
import type { RouteDef } from "@/lib/api/handler";
import { createTarget } from "@/lib/targets/targets";
import { projectWithRoles, sessionCookie, userCtx } from "@/tests/helpers/fixtures";
import { ROUTE_FIXTURES, invoke, routeById, rowCounts, world, type World } from "@/tests/helpers/api-world";

type Bad = { name: string; body: unknown; path: string; rule: string };
const long = (n: number) => "x".repeat(n);

// Several wrong payloads per route with a body; each names the field and the rule the caller broke.
const BAD_BODIES: Record<string, (w: World) => Bad[]> = {
  "setup.create": () => [
    { name: "missing name", body: { email: "a@example.test", password: "correct horse battery" }, path: "name", rule: "invalid_type" },
    { name: "email of wrong type", body: { name: "A", email: 5, password: "correct horse battery" }, path: "email", rule: "invalid_type" },
    { name: "bad email", body: { name: "A", email: "not-an-email", password: "correct horse battery" }, path: "email", rule: "invalid_format" },
    { name: "short password", body: { name: "A", email: "a@example.test", password: "short" }, path: "password", rule: "too_small" },
    { name: "name too long", body: { name: long(81), email: "a@example.test", password: "correct horse battery" }, path: "name", rule: "too_big" },
  ],
  "projects.create": () => [
    { name: "missing name", body: { description: "d" }, path: "name", rule: "invalid_type" },
    { name: "name of wrong type", body: { name: 42 }, path: "name", rule: "invalid_type" },
    { name: "name too long", body: { name: long(81) }, path: "name", rule: "too_big" },
    { name: "name too short", body: { name: "a" }, path: "name", rule: "too_small" },
    { name: "bad slug", body: { name: "Fine", slug: "Not A Slug" }, path: "slug", rule: "invalid_format" },
    { name: "description too long", body: { name: "Fine", description: long(501) }, path: "description", rule: "too_big" },
  ],
  "projects.update": () => [
    { name: "empty patch", body: {}, path: "body", rule: "custom" },
    { name: "name of wrong type", body: { name: ["x"] }, path: "name", rule: "invalid_type" },
    { name: "name too long", body: { name: long(81) }, path: "name", rule: "too_big" },
    { name: "bad slug", body: { slug: "-bad-" }, path: "slug", rule: "invalid_format" },
  ],
  "targets.create": () => {
    const ok = { name: "web", environment: "production", baseUrl: "https://example.test" };
    return [
      { name: "missing name", body: { ...ok, name: undefined }, path: "name", rule: "invalid_type" },
      { name: "name too long", body: { ...ok, name: long(61) }, path: "name", rule: "too_big" },
      { name: "bad environment", body: { ...ok, environment: "moon" }, path: "environment", rule: "invalid_value" },
      { name: "baseUrl not a URL", body: { ...ok, baseUrl: "example dot test" }, path: "baseUrl", rule: "invalid_format" },
      { name: "baseUrl not http(s)", body: { ...ok, baseUrl: "ftp://example.test" }, path: "baseUrl", rule: "invalid_format" },
      { name: "baseUrl javascript:", body: { ...ok, baseUrl: "javascript:alert(1)" }, path: "baseUrl", rule: "invalid_format" },
      { name: "healthPath without slash", body: { ...ok, healthPath: "health" }, path: "healthPath", rule: "invalid_format" },
      { name: "bad provider kind", body: { ...ok, providerKind: "heroku" }, path: "providerKind", rule: "invalid_value" },
      { name: "unknown secret", body: { ...ok, secrets: { foo: "bar" } }, path: "secrets.foo", rule: "unrecognized_key" },
      { name: "secret of wrong type", body: { ...ok, secrets: { deployHookUrl: 7 } }, path: "secrets.deployHookUrl", rule: "invalid_type" },
      { name: "empty secret", body: { ...ok, secrets: { deployHookUrl: "" } }, path: "secrets.deployHookUrl", rule: "too_small" },
      {
        name: "vercel without projectId",
        body: { ...ok, providerKind: "vercel", providerSettings: { teamId: "team_1" } },
        path: "providerSettings.projectId",
        rule: "invalid_type",
      },
      {
        name: "vercel with an unknown setting",
        body: { ...ok, providerKind: "vercel", providerSettings: { projectId: "prj_1", region: "eu" } },
        path: "providerSettings",
        rule: "unrecognized_keys",
      },
      {
        name: "vercel secret not allowed",
        body: { ...ok, providerKind: "vercel", providerSettings: { projectId: "prj_1" }, secrets: { apiKey: "k" } },
        path: "secrets.apiKey",
        rule: "unrecognized_key",
      },
    ];
  },
  "targets.update": () => [
    { name: "empty patch", body: {}, path: "body", rule: "custom" },
    { name: "bad baseUrl", body: { baseUrl: "not a url" }, path: "baseUrl", rule: "invalid_format" },
    { name: "bad environment", body: { environment: 3 }, path: "environment", rule: "invalid_value" },
    { name: "unknown secret", body: { secrets: { foo: "bar" } }, path: "secrets.foo", rule: "unrecognized_key" },
    { name: "switch to vercel without projectId", body: { providerKind: "vercel" }, path: "providerSettings.projectId", rule: "invalid_type" },
    { name: "name too long", body: { name: long(61) }, path: "name", rule: "too_big" },
  ],
  "members.update": () => [
    { name: "missing role", body: {}, path: "role", rule: "invalid_value" },
    { name: "bad role", body: { role: "owner" }, path: "role", rule: "invalid_value" },
    { name: "role of wrong type", body: { role: 1 }, path: "role", rule: "invalid_value" },
  ],
  "invitations.create": () => [
    { name: "missing email", body: { role: "viewer" }, path: "email", rule: "invalid_type" },
    { name: "bad email", body: { email: "nobody" }, path: "email", rule: "invalid_format" },
    { name: "email too long", body: { email: `${long(200)}@example.test` }, path: "email", rule: "too_big" },
    { name: "bad role", body: { email: "x@example.test", role: "owner" }, path: "role", rule: "invalid_value" },
  ],
  "invitations.accept": () => [
    { name: "missing token", body: {}, path: "token", rule: "invalid_type" },
    { name: "short token", body: { token: "abc" }, path: "token", rule: "too_small" },
    { name: "short password", body: { token: long(30), name: "N", password: "short" }, path: "password", rule: "too_small" },
    { name: "name too long", body: { token: long(30), name: long(81), password: "correct horse battery" }, path: "name", rule: "too_big" },
  ],
  "tokens.create": () => [
    { name: "missing name", body: { role: "viewer" }, path: "name", rule: "invalid_type" },
    { name: "name too long", body: { name: long(61) }, path: "name", rule: "too_big" },
    { name: "bad role", body: { name: "ci", role: "root" }, path: "role", rule: "invalid_value" },
  ],
  "instance.settings.update": () => [
    { name: "empty patch", body: {}, path: "body", rule: "custom" },
    { name: "unknown field", body: { allowEverything: true }, path: "body", rule: "unrecognized_keys" },
    { name: "bad projectCreation", body: { projectCreation: "everyone" }, path: "projectCreation", rule: "invalid_value" },
    { name: "switch of wrong type", body: { network: { allowLoopback: "yes" } }, path: "network.allowLoopback", rule: "invalid_type" },
    { name: "CIDRs not a list", body: { network: { allowedCidrs: "10.0.0.0/8" } }, path: "network.allowedCidrs", rule: "invalid_type" },
    { name: "CIDR with host bits", body: { network: { allowedCidrs: ["10.0.0.0/8", "10.0.0.5/24"] } }, path: "network.allowedCidrs.1", rule: "custom" },
    { name: "not a CIDR", body: { network: { allowedCidrs: ["intranet"] } }, path: "network.allowedCidrs.0", rule: "custom" },
  ],
  "releases.create": () => [
    { name: "version with a v", body: { version: "v2.0.0" }, path: "version", rule: "custom" },
    { name: "commit hash not hex", body: { commits: [{ hash: "not-a-hash", message: "feat: x" }] }, path: "commits.0.hash", rule: "invalid_format" },
    { name: "commit without message", body: { commits: [{ hash: "abcdef0" }] }, path: "commits.0.message", rule: "invalid_type" },
    { name: "commits not a list", body: { commits: "feat: x" }, path: "commits", rule: "invalid_type" },
    { name: "title too long", body: { title: long(121) }, path: "title", rule: "too_big" },
    { name: "unknown field", body: { approved: true }, path: "body", rule: "unrecognized_keys" },
  ],
  "releases.preview": () => [
    { name: "commits of wrong type", body: { commits: 3 }, path: "commits", rule: "invalid_type" },
    { name: "control characters in a message", body: { commits: [{ hash: "abcdef0", message: "feat: \u0007bell" }] }, path: "commits.0.message", rule: "custom" },
    { name: "unknown field", body: { version: "1.0.0" }, path: "body", rule: "unrecognized_keys" },
  ],
  "releases.update": () => [
    { name: "empty patch", body: {}, path: "body", rule: "custom" },
    { name: "commit not hex", body: { commitSha: "zzzzzzz" }, path: "commitSha", rule: "invalid_format" },
    { name: "version cannot change", body: { version: "9.9.9" }, path: "body", rule: "unrecognized_keys" },
    { name: "title too long", body: { title: long(121) }, path: "title", rule: "too_big" },
  ],
  "deployments.create": (w) => [
    { name: "missing target", body: { release: "1.0.0" }, path: "targetId", rule: "invalid_type" },
    { name: "missing release", body: { targetId: w.target.id }, path: "release", rule: "invalid_type" },
    { name: "short idempotency key", body: { targetId: w.target.id, release: "1.0.0", idempotencyKey: "abc" }, path: "idempotencyKey", rule: "invalid_format" },
    { name: "override without a reason", body: { targetId: w.target.id, release: "1.0.0", override: {} }, path: "override.reason", rule: "invalid_type" },
    { name: "bypass with a one-letter reason", body: { targetId: w.target.id, release: "1.0.0", emergencyBypass: { reason: "x" } }, path: "emergencyBypass.reason", rule: "too_small" },
    { name: "release that does not exist", body: { targetId: w.target.id, release: "7.7.7" }, path: "release", rule: "exists" },
  ],
  "deployments.approve": () => [
    { name: "reason of wrong type", body: { reason: 5 }, path: "reason", rule: "invalid_type" },
    { name: "unknown field", body: { approve: true }, path: "body", rule: "unrecognized_keys" },
  ],
  "deployments.reject": () => [
    { name: "no reason", body: {}, path: "reason", rule: "invalid_type" },
    { name: "blank reason", body: { reason: "  " }, path: "reason", rule: "too_small" },
  ],
  "deployments.cancel": () => [
    { name: "reason too long", body: { reason: long(501) }, path: "reason", rule: "too_big" },
  ],
  "deployments.rollback": () => [
    { name: "no reason", body: {}, path: "reason", rule: "invalid_type" },
    { name: "reason too long", body: { reason: long(501) }, path: "reason", rule: "too_big" },
  ],
  "targets.lock": () => [
    { name: "no reason", body: {}, path: "reason", rule: "invalid_type" },
    { name: "reason too short", body: { reason: "no" }, path: "reason", rule: "too_small" },
  ],
  "targets.unlock": () => [{ name: "no reason", body: {}, path: "reason", rule: "invalid_type" }],
  "targets.deployPolicy": () => [
    { name: "too many approvals", body: { approvalsRequired: 9 }, path: "approvalsRequired", rule: "too_big" },
    { name: "viewers cannot approve", body: { approverRoles: ["viewer"] }, path: "approverRoles.0", rule: "invalid_value" },
    { name: "expiry under 5 minutes", body: { approvalExpiryMinutes: 1 }, path: "approvalExpiryMinutes", rule: "too_small" },
    { name: "unknown queue policy", body: { queuePolicy: "random" }, path: "queuePolicy", rule: "invalid_value" },
  ],
  "freezeWindows.create": () => {
    const ok = { kind: "weekly", name: "Friday evenings", weekdays: [5], startTime: "16:00", endTime: "23:59", timeZone: "Europe/Amsterdam" };
    const once = { kind: "one_off", name: "Launch weekend", startsAt: "2024-11-22T16:00:00+01:00", endsAt: "2024-11-25T08:00:00+01:00" };
    return [
      { name: "unknown time zone", body: { ...ok, timeZone: "Mars/Olympus" }, path: "timeZone", rule: "timezone" },
      { name: "end not after start", body: { ...once, endsAt: once.startsAt }, path: "endsAt", rule: "after_start" },
      { name: "repeated weekday", body: { ...ok, weekdays: [5, 5] }, path: "weekdays", rule: "unique" },
      { name: "time past 23:59", body: { ...ok, startTime: "24:00" }, path: "startTime", rule: "invalid_format" },
    ];
  },
  "channels.create": () => {
    const ok = { name: "Releases", format: "slack", url: "https://hooks.slack.com/services/T0/B0/xxxx", events: ["*"] };
    return [
      { name: "unknown format", body: { ...ok, format: "teams" }, path: "format", rule: "invalid_value" },
      { name: "not http(s)", body: { ...ok, url: "ftp://hooks.example.com/x" }, path: "url", rule: "invalid_format" },
      { name: "star with others", body: { ...ok, events: ["*", "deployment.failed"] }, path: "events", rule: "all_alone" },
    ];
  },
  "channels.update": () => [
    { name: "empty patch", body: {}, path: "body", rule: "custom" },
    { name: "enabled of wrong type", body: { enabled: "yes" }, path: "enabled", rule: "invalid_type" },
  ],
  "checks.create": () => {
    const ok = { kind: "http", name: "API", settings: { url: "https://api.example.test/health" }, intervalSeconds: 60, timeoutSeconds: 10 };
    return [
      { name: "interval under 10 s", body: { ...ok, intervalSeconds: 5 }, path: "intervalSeconds", rule: "too_small" },
      { name: "interval over a day", body: { ...ok, intervalSeconds: 90_000 }, path: "intervalSeconds", rule: "too_big" },
      { name: "timeout not below interval", body: { ...ok, intervalSeconds: 10, timeoutSeconds: 10 }, path: "timeoutSeconds", rule: "custom" },
      { name: "unknown kind", body: { ...ok, kind: "ping" }, path: "kind", rule: "invalid_value" },
      { name: "url not http(s)", body: { ...ok, settings: { url: "ftp://x.example.test" } }, path: "settings.url", rule: "custom" },
      { name: "bad status set", body: { ...ok, settings: { url: "https://x.example.test", expectedStatus: "2xx" } }, path: "settings.expectedStatus", rule: "custom" },
      { name: "bad json path", body: { ...ok, settings: { url: "https://x.example.test", jsonPath: { path: "status", equals: "ok" } } }, path: "settings.jsonPath.path", rule: "custom" },
      { name: "tcp without port", body: { ...ok, kind: "tcp", settings: { host: "db.example.test" } }, path: "settings.port", rule: "custom" },
    ];
  },
  "checks.update": () => [
    { name: "empty patch", body: {}, path: "body", rule: "custom" },
    { name: "failures to open of 0", body: { failuresToOpen: 0 }, path: "failuresToOpen", rule: "too_small" },
    { name: "timeout not below interval", body: { timeoutSeconds: 60 }, path: "timeoutSeconds", rule: "timeout_below_interval" },
  ],
  "incidents.note": () => [
    { name: "empty note", body: { body: "  " }, path: "body", rule: "too_small" },
    { name: "public of wrong type", body: { body: "x", public: "yes" }, path: "public", rule: "invalid_type" },
  ],
  "maintenance.create": () => [
    { name: "unknown time zone", body: { kind: "weekly", name: "Nightly", weekdays: [1], startTime: "02:00", endTime: "03:00", timeZone: "Mars/Olympus" }, path: "timeZone", rule: "timezone" },
    { name: "end not after start", body: { kind: "one_off", name: "Upgrade", startsAt: "2031-01-01T01:00:00Z", endsAt: "2031-01-01T00:00:00Z" }, path: "endsAt", rule: "after_start" },
  ],
  "launches.create": () => [
    { name: "missing name", body: { templateId: null }, path: "name", rule: "invalid_type" },
    { name: "bad target date", body: { name: "Go", targetDate: "next friday" }, path: "targetDate", rule: "invalid_format" },
    { name: "unknown template", body: { name: "Go", templateId: "phase-9", replaceActive: true }, path: "templateId", rule: "not_found" },
    { name: "an active launch without replaceActive of the right type", body: { name: "Go", replaceActive: "yes" }, path: "replaceActive", rule: "invalid_type" },
  ],
  "launches.update": () => [
    { name: "empty name", body: { name: "  " }, path: "name", rule: "too_small" },
    { name: "bad target date", body: { targetDate: 5 }, path: "targetDate", rule: "invalid_type" },
  ],
  "launches.stage": () => [
    { name: "unknown stage", body: { stage: "launched" }, path: "stage", rule: "invalid_value" },
    { name: "the stage it is in", body: { stage: "planned" }, path: "stage", rule: "changed" },
    { name: "override without reason", body: { stage: "soft_launch", override: {} }, path: "override.reason", rule: "invalid_type" },
  ],
  "launches.items.create": (w) => [
    { name: "missing section", body: { title: "Announce" }, path: "section", rule: "invalid_type" },
    { name: "title too long", body: { section: "Ops", title: "x".repeat(201) }, path: "title", rule: "too_big" },
    { name: "renewal of 0 days", body: { section: "Ops", title: "Backups", renewalDays: 0 }, path: "renewalDays", rule: "too_small" },
    { name: "unknown binding kind", body: { section: "Ops", title: "Backups", binding: { kind: "vibes" } }, path: "binding.kind", rule: "enum" },
    { name: "assignee outside the project", body: { section: "Ops", title: "Backups", assigneeId: w.outsider.id }, path: "assigneeId", rule: "member" },
  ],
  "items.update": () => [
    { name: "empty patch", body: {}, path: "body", rule: "non_empty" },
    { name: "waived is not set directly", body: { status: "waived" }, path: "status", rule: "invalid_value" },
    { name: "bad due date", body: { dueAt: "soon" }, path: "dueAt", rule: "invalid_format" },
    { name: "blocking of wrong type", body: { blocking: "yes" }, path: "blocking", rule: "invalid_type" },
  ],
  "items.signOff": () => [{ name: "note of wrong type", body: { note: 5 }, path: "note", rule: "invalid_type" }],
  "items.waive": () => [
    { name: "missing reason", body: { expiresAt: "2031-01-01T00:00:00Z" }, path: "reason", rule: "invalid_type" },
    { name: "expiry in the past", body: { reason: "later", expiresAt: "2020-01-01T00:00:00Z" }, path: "expiresAt", rule: "future" },
    { name: "expiry not a date", body: { reason: "later", expiresAt: "in a week" }, path: "expiresAt", rule: "invalid_format" },
  ],
  "items.evidence.add": () => [
    { name: "link without url", body: { kind: "link", text: "run" }, path: "url", rule: "custom" },
    { name: "note without text", body: { kind: "note" }, path: "text", rule: "custom" },
    { name: "unknown kind", body: { kind: "photo", text: "x" }, path: "kind", rule: "invalid_value" },
    { name: "javascript url", body: { kind: "link", url: "javascript:alert(1)" }, path: "url", rule: "invalid_format" },
  ],
  "items.comments.add": () => [{ name: "empty comment", body: { body: " " }, path: "body", rule: "too_small" }],
  "templates.create": () => [
    { name: "no sections", body: { name: "Ours", body: { sections: [] } }, path: "body.sections", rule: "too_small" },
    { name: "item without title", body: { name: "Ours", body: { sections: [{ title: "QA", items: [{ blocking: true }] }] } }, path: "body.sections.0.items.0.title", rule: "invalid_type" },
  ],
  "templates.update": () => [{ name: "empty name", body: { name: "" }, path: "name", rule: "too_small" }],
  "templates.import": () => [
    { name: "unknown format", body: { format: "toml", content: "x = 1" }, path: "format", rule: "invalid_value" },
    { name: "a document that is not an object", body: { format: "json", content: "[1, 2]" }, path: "content", rule: "type" },
    { name: "an item without a title", body: { format: "yaml", content: "name: X\nsections:\n  - title: QA\n    items:\n      - blocking: true\n" }, path: "content.sections.0.items.0.title", rule: "invalid_type" },
  ],
  "templates.clone": () => [{ name: "missing name", body: {}, path: "name", rule: "invalid_type" }],
  "qa.create": (w) => [
    { name: "unknown kind", body: { targetId: w.target.id, kind: "chaos" }, path: "kind", rule: "invalid_value" },
    { name: "neither kind nor profile", body: { targetId: w.target.id }, path: "kind", rule: "required" },
    { name: "another project's target", body: { targetId: "not-a-target", kind: "links" }, path: "targetId", rule: "exists" },
    { name: "a profile's run against another target", body: { targetId: w.locked.id, profileId: w.qaProfile.id }, path: "targetId", rule: "profile" },
    { name: "load with no connections", body: { targetId: w.target.id, kind: "load", settings: { connections: 0 } }, path: "settings.connections", rule: "too_small" },
    { name: "settings not an object", body: { targetId: w.target.id, kind: "links", settings: "all" }, path: "settings", rule: "invalid_type" },
    { name: "unknown field", body: { targetId: w.target.id, kind: "links", force: true }, path: "body", rule: "unrecognized_keys" },
    {
      name: "a credential in a plain load header",
      body: { targetId: w.target.id, kind: "load", settings: { requests: [{ path: "/", headers: { Authorization: "Bearer x" } }] } },
      path: "settings.requests.0.headers.Authorization",
      rule: "use_secrets",
    },
    { name: "secrets for a kind that sends none", body: { targetId: w.target.id, kind: "links", secrets: { Authorization: "Bearer x" } }, path: "secrets", rule: "kind_unsupported" },
    { name: "secret with a bad header name", body: { targetId: w.target.id, kind: "load", secrets: { "bad name": "x" } }, path: "secrets.bad name", rule: "header_name" },
    { name: "empty secret", body: { targetId: w.target.id, kind: "load", secrets: { "X-Token": "" } }, path: "secrets.X-Token", rule: "too_small" },
  ],
  "qaProfiles.create": (w) => [
    { name: "missing name", body: { targetId: w.target.id, kind: "links" }, path: "name", rule: "invalid_type" },
    { name: "schedule of zero hours", body: { name: "x", targetId: w.target.id, kind: "links", everyHours: 0 }, path: "everyHours", rule: "too_small" },
    { name: "duplicate name", body: { name: w.qaProfile.name, targetId: w.target.id, kind: "links" }, path: "name", rule: "unique" },
    {
      name: "a cookie in a plain load header",
      body: { name: "load", targetId: w.target.id, kind: "load", settings: { requests: [{ path: "/", headers: { cookie: "session=1" } }] } },
      path: "settings.requests.0.headers.cookie",
      rule: "use_secrets",
    },
    { name: "a secret header T-Minus sets", body: { name: "load", targetId: w.target.id, kind: "load", secrets: { Host: "x" } }, path: "secrets.Host", rule: "reserved" },
  ],
  "qaProfiles.update": () => [
    { name: "secrets on a links profile", body: { secrets: { Authorization: "Bearer x" } }, path: "secrets", rule: "kind_unsupported" },
    { name: "empty name", body: { name: " " }, path: "name", rule: "too_small" },
    { name: "fractional hours", body: { everyHours: 1.5 }, path: "everyHours", rule: "invalid_type" },
  ],
  "qaProfiles.run": () => [{ name: "confirmation of the wrong type", body: { confirmProduction: "yes" }, path: "confirmProduction", rule: "invalid_type" }],
  "feedback.create": () => [
    { name: "unknown type", body: { type: "rant", title: "Something" }, path: "type", rule: "invalid_value" },
    { name: "title too short", body: { type: "bug", title: "x" }, path: "title", rule: "too_small" },
    { name: "bad e-mail", body: { type: "bug", title: "Something", email: "nobody" }, path: "email", rule: "invalid_format" },
    { name: "page URL not http", body: { type: "bug", title: "Something", pageUrl: "javascript:alert(1)" }, path: "pageUrl", rule: "url" },
    { name: "unknown field", body: { type: "bug", title: "Something", status: "released" }, path: "body", rule: "unrecognized_keys" },
  ],
  "feedback.bulk": (w) => [
    { name: "no ids", body: { ids: [], change: { action: "accept" } }, path: "ids", rule: "too_small" },
    { name: "unknown action", body: { ids: [w.feedbackItem.id], change: { action: "delete" } }, path: "change.action", rule: "invalid_value" },
  ],
  "feedback.triage": (w) => [
    { name: "unknown action", body: { action: "archive" }, path: "action", rule: "invalid_value" },
    { name: "decline without a reason", body: { action: "decline" }, path: "reason", rule: "required" },
    { name: "duplicate of itself", body: { action: "duplicate", duplicateOfId: w.feedbackItem.id }, path: "duplicateOfId", rule: "not_self" },
    { name: "duplicate of nothing", body: { action: "duplicate", duplicateOfId: "FB-999" }, path: "duplicateOfId", rule: "exists" },
    { name: "snooze into the past", body: { action: "snooze", until: "2020-01-01T00:00:00Z" }, path: "until", rule: "future" },
    { name: "snooze until not a date", body: { action: "snooze", until: "tomorrow" }, path: "until", rule: "invalid_format" },
    { name: "unknown severity", body: { action: "update", severity: "blocker" }, path: "severity", rule: "invalid_value" },
    { name: "label with a comma", body: { action: "update", labels: ["a,b"] }, path: "labels.0", rule: "invalid_format" },
    { name: "assignee not a member", body: { action: "update", assigneeId: "someone-else" }, path: "assigneeId", rule: "member" },
    { name: "update with nothing to change", body: { action: "update" }, path: "body", rule: "nothing_to_change" },
  ],
  "feedback.comment": () => [{ name: "empty comment", body: { body: "  " }, path: "body", rule: "too_small" }],
  "feedbackSprints.create": () => [
    { name: "ends before it starts", body: { name: "Back to front", startsAt: "2026-12-10T00:00:00Z", endsAt: "2026-12-01T00:00:00Z" }, path: "endsAt", rule: "after_start" },
    { name: "missing name", body: { startsAt: "2026-12-01T00:00:00Z", endsAt: "2026-12-10T00:00:00Z" }, path: "name", rule: "invalid_type" },
  ],
  "runbooks.create": () => [
    { name: "key with spaces", body: { key: "on call", title: "On call" }, path: "key", rule: "invalid_format" },
    { name: "no title and no template", body: { body: "text" }, path: "title", rule: "custom" },
    { name: "unknown template", body: { template: "wiki" }, path: "template", rule: "enum" },
    { name: "owner is not a member", body: { title: "Pager", ownerId: "no-such-user" }, path: "ownerId", rule: "member" },
  ],
  "runbooks.update": () => [
    { name: "body too long", body: { body: "x".repeat(100_001) }, path: "body", rule: "too_big" },
    { name: "empty title", body: { title: " " }, path: "title", rule: "too_small" },
    { name: "version as text", body: { baseVersion: "2" }, path: "baseVersion", rule: "invalid_type" },
  ],
  "roadmap.create": () => [
    { name: "unknown kind", body: { kind: "wish", title: "Dark mode" }, path: "kind", rule: "invalid_value" },
    { name: "no title", body: { kind: "planned" }, path: "title", rule: "custom" },
    { name: "feedback of another project", body: { feedbackItemId: "no-such-item" }, path: "feedbackItemId", rule: "exists" },
  ],
  "roadmap.update": () => [
    { name: "unknown status", body: { status: "shipped" }, path: "status", rule: "invalid_value" },
    { name: "negative position", body: { position: -1 }, path: "position", rule: "too_small" },
  ],
  "feedbackSprints.update": () => [{ name: "end before the start", body: { endsAt: "2000-01-01T00:00:00Z" }, path: "endsAt", rule: "after_start" }],
  "feedbackSettings.update": () => [
    { name: "origin with a path", body: { allowedOrigins: ["https://shop.example.test/app"] }, path: "allowedOrigins.0", rule: "invalid_format" },
    { name: "short GitHub secret", body: { githubSecret: "short" }, path: "githubSecret", rule: "too_small" },
    { name: "Discord key not hex", body: { discordPublicKey: "xyz" }, path: "discordPublicKey", rule: "invalid_format" },
    { name: "board flag not a boolean", body: { boardPublic: "yes" }, path: "boardPublic", rule: "invalid_type" },
  ],
};

const withBody = ROUTES.filter((r) => r.body);
const label = (r: RouteDef) => `${r.method} ${r.path} (${r.id})`;

async function adminCall(w: World, route?: RouteDef) {
  return { cookie: await sessionCookie(route?.path.startsWith("/instance/") ? w.instanceAdmin.id : w.users.admin.id) };
}

// Every call in the route-by-route tests below is refused and writes nothing (each asserts it), so they share one
// world (and one foreign world) per file rather than building ~100 rows per route.
let refusalWorlds: Promise<[World, World]> | undefined;
const sharedWorlds = () => (refusalWorlds ??= Promise.all([world(), world()]));

describe("every route with a body", () => {
  it("has bad payloads listed here", () => {
    expect(withBody.map((r) => r.id).filter((id) => !BAD_BODIES[id])).toEqual([]);
  });

  it.each(withBody.map((r) => [label(r), r] as const))("%s: rejects non-JSON (400) and non-JSON content types (415), writing nothing", async (_, route) => {
    const w = (await sharedWorlds())[0];
    const as = route.auth === "public" ? undefined : await adminCall(w, route);
    const { params } = ROUTE_FIXTURES[route.id](w);
    const before = await rowCounts();

    const broken = await invoke(route, { as, params, rawBody: "{ not json", headers: { "content-type": "application/json" } });
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe("invalid_input");
    expect(broken.json.error.issues).toEqual([{ path: "body", rule: "invalid_json", message: expect.any(String) }]);

    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const res = await invoke(route, { as, params, rawBody: JSON.stringify(ROUTE_FIXTURES[route.id](w).body), headers: { "content-type": type } });
      expect(res.status, type).toBe(415);
      expect(res.json.error.code).toBe("unsupported_media_type");
    }

    for (const raw of ["null", "[]", '"text"', "42", "true"]) {
      const res = await invoke(route, { as, params, rawBody: raw, headers: { "content-type": "application/json" } });
      expect(res.status, `body ${raw}: ${res.text}`).toBe(400);
      expect(res.json.error.code).toBe("invalid_input");
    }

    const huge = await invoke(route, { as, params, body: { name: "x".repeat(300 * 1024) } });
    expect(huge.status).toBe(413);
    expect(await rowCounts()).toEqual(before);
  });

  it.each(withBody.map((r) => [label(r), r] as const))("%s: names the field and rule of each bad payload (400), writing nothing", async (_, route) => {
    const w = (await sharedWorlds())[0];
    const as = route.auth === "public" ? undefined : await adminCall(w, route);
    const { params } = ROUTE_FIXTURES[route.id](w);
    const before = await rowCounts();
    for (const bad of BAD_BODIES[route.id](w)) {
      const res = await invoke(route, { as, params, body: bad.body });
      const what = `${bad.name}: ${res.text}`;
      expect(res.status, what).toBe(400);
      expect(res.json.error.code, what).toBe("invalid_input");
      expect(res.json.error.issues, what).toContainEqual({ path: bad.path, rule: bad.rule, message: expect.any(String) });
      if (bad.path) expect(res.json.error.message, what).toContain(bad.path);
    }
    expect(await rowCounts()).toEqual(before);
  });
});

describe("audit queries", () => {
  it.each(["audit.list", "audit.export"])("%s rejects a bad date, cursor or limit with the query path", async (id) => {
    const w = await world();
    const as = await adminCall(w);
    const route = routeById(id);
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ from: "yesterday" }, "query.from", "invalid_format"],
      [{ from: "2025-13-45T00:00:00Z" }, "query.from", "invalid_format"],
      [{ to: "1700000000" }, "query.to", "invalid_format"],
    ];
    if (id === "audit.list") {
      cases.push([{ cursor: "abc" }, "query.cursor", "invalid_format"], [{ limit: "0" }, "query.limit", "too_small"], [{ limit: "many" }, "query.limit", "invalid_type"], [{ limit: "201" }, "query.limit", "too_big"]);
    }
    for (const [query, path, rule] of cases) {
      const res = await invoke(route, { as, params: { projectId: w.projectId }, query });
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.json.error.issues).toContainEqual({ path, rule, message: expect.any(String) });
    }
  });
});

const ODD_IDS = ["does-not-exist", "cm0000000000000000000000", "x".repeat(500), "' OR '1'='1", "../..", "\u0000", "caf\u00e9 \ud83d\ude80"];

describe("unknown and foreign ids", () => {
  const withParams = ROUTES.filter((r) => /\{\w+\}/.test(r.path));

  it.each(withParams.map((r) => [label(r), r] as const))("%s answers 404 for ids that do not exist or belong to another project, never 5xx", async (_, route) => {
    const [w, foreign] = await sharedWorlds();
    const as = await adminCall(w);
    const fixture = ROUTE_FIXTURES[route.id](w);
    const foreignFixture = ROUTE_FIXTURES[route.id](foreign);
    const before = await rowCounts();
    for (const param of Object.keys(fixture.params)) {
      // A project's own id or slug names the project itself: another project's is not "foreign", just another project.
      const candidates = [...ODD_IDS, ...(param === "projectId" || param === "slug" || param === "key" ? [] : [foreignFixture.params[param]])];
      for (const id of candidates) {
        const res = await invoke(route, { ...fixture, as, params: { ...fixture.params, [param]: id } });
        const what = `${param}=${JSON.stringify(id).slice(0, 40)}: ${res.status} ${res.text.slice(0, 200)}`;
        expect(res.status, what).toBe(404);
        expect(res.json.error.code, what).toBe("not_found");
      }
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("keeps another project's target untouched when addressed through this project", async () => {
    const a = await projectWithRoles();
    const b = await projectWithRoles();
    const target = await createTarget({ ctx: userCtx(b.users.admin), input: { projectId: b.project.id, data: { name: "b-web", environment: "production", baseUrl: "https://b.example.test" } } });
    const as = { cookie: await sessionCookie(a.users.admin.id) };
    const patch = await invoke(routeById("targets.update"), { as, params: { projectId: a.project.id, targetId: target.id }, body: { name: "stolen" } });
    expect(patch.status).toBe(404);
    const del = await invoke(routeById("targets.delete"), { as, params: { projectId: a.project.id, targetId: target.id } });
    expect(del.status).toBe(404);
    const still = await invoke(routeById("targets.get"), { as: { cookie: await sessionCookie(b.users.viewer.id) }, params: { projectId: b.project.id, targetId: target.id } });
    expect(still.json.name).toBe("b-web");
  });
});

describe("what a patch leaves alone and characters Postgres cannot store", () => {
  it("PATCH of a project's name keeps its description", async () => {
    const w = await world();
    const as = await adminCall(w);
    const route = routeById("projects.update");
    expect((await invoke(route, { as, params: { projectId: w.projectId }, body: { description: "Our launch site" } })).status).toBe(200);
    const renamed = await invoke(route, { as, params: { projectId: w.projectId }, body: { name: "Renamed" } });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({ name: "Renamed", description: "Our launch site" });
  });

  it("refuses NUL characters in body fields and query values with 400 naming the field, never 500", async () => {
    const w = await world();
    const as = await adminCall(w);
    const before = await rowCounts();
    const target = await invoke(routeById("targets.create"), {
      as,
      params: { projectId: w.projectId },
      body: { name: "web", environment: "production", baseUrl: "https://example.test", secrets: { deployHookUrl: "a\u0000b" } },
    });
    expect(target.status).toBe(400);
    expect(target.json.error.issues).toContainEqual({ path: "secrets.deployHookUrl", rule: "invalid_characters", message: expect.any(String) });
    const project = await invoke(routeById("projects.create"), { as, body: { name: "nul\u0000name" } });
    expect(project.status).toBe(400);
    expect(project.json.error.issues[0].path).toBe("name");
    const audit = await invoke(routeById("audit.list"), { as, params: { projectId: w.projectId }, query: { action: "project\u0000" } });
    expect(audit.status).toBe(400);
    expect(audit.json.error.issues[0].path).toBe("query.action");
    expect(await rowCounts()).toEqual(before);
  });
});
