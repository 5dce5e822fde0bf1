import { z } from "zod";

export const ENVIRONMENTS = ["production", "staging", "preview", "development"] as const;
export const PROVIDER_KINDS = ["none", "vercel", "netlify", "render", "command", "github_actions"] as const;
export type ProviderKindName = (typeof PROVIDER_KINDS)[number];

const id = z.string().trim().min(1, "is required").max(200);
// Non-secret settings per provider; secrets are the key names each provider may hold (values never leave the server).
export const PROVIDERS = {
  none: { settings: z.object({}).strict(), secretKeys: ["deployHookUrl"] },
  vercel: { settings: z.object({ projectId: id, teamId: id.optional() }).strict(), secretKeys: ["token", "deployHookUrl"] },
  netlify: { settings: z.object({ siteId: id }).strict(), secretKeys: ["token", "deployHookUrl"] },
  render: { settings: z.object({ serviceId: id }).strict(), secretKeys: ["apiKey", "deployHookUrl"] },
  command: {
    settings: z.object({ host: id, user: id.optional(), command: z.string().trim().min(1).max(2000) }).strict(),
    secretKeys: ["sshPrivateKey"],
  },
  github_actions: {
    settings: z.object({ owner: id, repo: id, workflow: id, ref: id.default("main") }).strict(),
    secretKeys: ["token"],
  },
} as const satisfies Record<ProviderKindName, { settings: z.ZodType; secretKeys: readonly string[] }>;

// Base URLs are shown to every member (viewers too), so credentials in them would leak; secrets hold those instead.
function hasUserinfo(url: string) {
  try {
    const parsed = new URL(url);
    return Boolean(parsed.username || parsed.password);
  } catch {
    return false;
  }
}

/** Rows saved before user info was refused are still shown without it. */
export function withoutUserinfo(url: string) {
  if (!url.includes("@")) return url;
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = "";
    parsed.password = "";
    return parsed.toString();
  } catch {
    return url;
  }
}

const secretValue = z.string().min(1, "must not be empty").max(10_000, "must be at most 10000 characters");

export const ZTargetCreate = z.object({
  name: z.string().trim().min(1, "is required").max(60, "must be at most 60 characters"),
  environment: z.enum(ENVIRONMENTS),
  baseUrl: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .max(2000)
    .refine((v) => !hasUserinfo(v), "must not contain a user name or password; put credentials in the target's secrets"),
  healthPath: z.string().trim().regex(/^\/\S*$/, "must start with / and contain no spaces").max(300).default("/health"),
  providerKind: z.enum(PROVIDER_KINDS).default("none"),
  providerSettings: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), secretValue).default({}),
});

export const ZTargetUpdate = z
  .object({
    name: ZTargetCreate.shape.name,
    environment: ZTargetCreate.shape.environment,
    baseUrl: ZTargetCreate.shape.baseUrl,
    healthPath: z.string().trim().regex(/^\/\S*$/, "must start with / and contain no spaces").max(300),
    providerKind: z.enum(PROVIDER_KINDS),
    providerSettings: z.record(z.string(), z.unknown()),
    // null removes a stored secret; an omitted key keeps it.
    secrets: z.record(z.string(), secretValue.nullable()),
    publicStatus: z.boolean().describe("show this target (name and status only) on the project's public status page"),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, "send at least one field");

export const ZConnectionTest = z.object({
  id: z.string(),
  targetId: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed"]),
  queueState: z
    .enum(["waiting", "queued", "failed"])
    .nullable()
    .describe("waiting = the job queue (Redis) is unreachable; it will start when it returns. failed = the job could not be queued (an instance admin can retry it)"),
  url: z.string(),
  httpStatus: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  version: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TConnectionTest = z.infer<typeof ZConnectionTest>;

export const ZTarget = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  environment: z.string(),
  baseUrl: z.string(),
  healthPath: z.string(),
  healthUrl: z.string(),
  providerKind: z.enum(PROVIDER_KINDS),
  providerSettings: z.record(z.string(), z.unknown()),
  secretKeys: z.array(z.string()).describe("names of stored secrets; values are never returned"),
  lastConnectionTest: ZConnectionTest.nullable(),
  publicStatus: z.boolean().describe("shown on /status/<project slug>"),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TTarget = z.infer<typeof ZTarget>;

// The path is appended under the base URL's own path as text after its origin, so a health path such as
// "//other.host/x" or "/http://other.host" can never send the probe to another host.
export function healthUrl(baseUrl: string, healthPath: string) {
  const base = new URL(baseUrl);
  return new URL(`${base.origin}${base.pathname.replace(/\/+$/, "")}/${healthPath.replace(/^[/\\]+/, "")}`).toString();
}
