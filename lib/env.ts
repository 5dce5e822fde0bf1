import { z } from "zod";

// The one place that reads process.env (STYLE.md). Parsed on first use and cached; instrumentation.ts and the
// worker touch it at start-up so a bad variable stops the process before it serves anything.
const DEV_NEXTAUTH_SECRET = "dev-only-secret-change-me-dev-only-secret";
const DEV_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString("base64");

export const isLoopbackHost = (host: string) => /^(127(\.\d{1,3}){3}|::1|\[::1\]|localhost)$/i.test(host);

const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes encoded as base64 (openssl rand -base64 32)");

const shape = {
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default("postgresql://postgres@127.0.0.1:5432/tminus"),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
  REDIS_PREFIX: z.string().regex(/^[a-zA-Z0-9_:-]+$/, "letters, digits, _ : -").default("tminus"),
  NEXTAUTH_URL: z.url().default("http://localhost:3000"),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  ENCRYPTION_KEY: base64Key.optional(),
  GITHUB_ID: z.string().min(1).optional(),
  GITHUB_SECRET: z.string().min(1).optional(),
  // GitHub Enterprise Server installs point these at their host (https://ghe.example.com, …/api/v3).
  GITHUB_URL: z.url({ protocol: /^https?$/ }).default("https://github.com"),
  GITHUB_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.github.com"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  // QA runs (issue 9): the Chromium that accessibility and device runs drive, and how many QA runs one worker process
  // runs at once (each load test may take a core; each browser run a few hundred MB).
  CHROMIUM_PATH: z.string().min(1).default("/usr/bin/chromium"),
  QA_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  // Screenshots and reports of QA runs are deleted after this many days, except each target's latest passed or failed run of each kind.
  QA_ARTIFACT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  SIGNIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  // Local-only development and tests may run with fixed secrets; production never does.
  TMINUS_ALLOW_DEV_SECRETS: z.enum(["0", "1"]).default("0"),
  // The address the web server listens on. Anything but loopback is a shared server: development secrets are refused.
  LISTEN_HOST: z.string().min(1).default("127.0.0.1"),
  // Starting outbound policy (instance admins change it later): "local" lets workers reach loopback and private
  // ranges (the demo targets live on 127.0.0.1); "hosted" refuses them.
  NETWORK_POLICY: z.enum(["local", "hosted"]).default("local"),
  // Reverse proxies in front of T-Minus that append to X-Forwarded-For. 0 = ignore forwarding headers entirely.
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // When set, /metrics answers only to "Authorization: Bearer <METRICS_TOKEN>".
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  // Link a GitHub account to an existing user by verified email without an invitation or a signed-in session.
  GITHUB_LINK_BY_EMAIL: z.enum(["0", "1"]).default("0"),
  // Provider API bases for deploy adapters (self-hosted proxies; tests point them at local servers speaking the API).
  VERCEL_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.vercel.com"),
  NETLIFY_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.netlify.com/api/v1"),
  RENDER_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.render.com/v1"),
  // A deployment's worker renews its lease this often x3; a lease lapsed this long is resumed by another worker, and
  // one lapsed beyond DEPLOY_REAPER_GRACE_MS is failed with the reason (nobody resumed it).
  DEPLOY_LEASE_MS: z.coerce.number().int().min(500).max(600_000).default(15_000),
  DEPLOY_REAPER_GRACE_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
  // How often the worker asks the provider how a deploy is going, and probes health while verifying.
  DEPLOY_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  DEPLOY_VERIFY_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  // Uptime checks: each worker process runs the scheduler (0 turns it off in that process). CHECK_CONCURRENCY bounds the
  // checks one process has in flight; more processes share the checks without running one twice.
  CHECK_SCHEDULER: z.enum(["0", "1"]).default("1"),
  CHECK_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(500),
  // Retention per resolution, in days: raw results, minute and hour roll-ups (day roll-ups are kept forever).
  RETENTION_RAW_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  RETENTION_MINUTE_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  RETENTION_HOURLY_DAYS: z.coerce.number().int().min(1).max(36500).default(400),
  // E-mail notification channels exist only when SMTP_URL is set (smtp:// upgrades with STARTTLS when offered,
  // smtps:// is TLS from the start). SMTP_FROM is then required: the From of every notification.
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587" }).optional(),
  SMTP_FROM: z
    .string()
    .trim()
    .regex(/^(?:[^<>\r\n@]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/, 'must be an address, e.g. "T-Minus <tminus@example.com>" or tminus@example.com')
    .optional(),
  // Public feedback intake (form and widget), per minute. Past the soft limit an address's posts are kept but filed as
  // spam (reason "rate"); past the hard limit they are refused with 429. Without a trustworthy address
  // (TRUSTED_PROXY_HOPS=0) only the project-wide ceiling applies.
  FEEDBACK_SOFT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(5),
  FEEDBACK_HARD_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  FEEDBACK_PROJECT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(3000),
};
export const ENV_KEYS = Object.keys(shape);

const schema = z
  .object(shape)
  .superRefine((v, ctx) => {
    const local = isLoopbackHost(v.LISTEN_HOST);
    const devSecretsAllowed = local && (v.NODE_ENV !== "production" || v.TMINUS_ALLOW_DEV_SECRETS === "1");
    if (!devSecretsAllowed) {
      for (const key of ["NEXTAUTH_SECRET", "ENCRYPTION_KEY"] as const) {
        const why = local ? "is required in production" : `is required when listening on ${v.LISTEN_HOST} (not loopback)`;
        if (!v[key]) ctx.addIssue({ code: "custom", path: [key], message: why });
      }
    }
    if (Boolean(v.GITHUB_ID) !== Boolean(v.GITHUB_SECRET)) {
      ctx.addIssue({ code: "custom", path: ["GITHUB_SECRET"], message: "GITHUB_ID and GITHUB_SECRET are set together" });
    }
    if (v.SMTP_URL && !v.SMTP_FROM) ctx.addIssue({ code: "custom", path: ["SMTP_FROM"], message: "is required when SMTP_URL is set" });
    if (v.FEEDBACK_SOFT_PER_MINUTE > v.FEEDBACK_HARD_PER_MINUTE) {
      ctx.addIssue({ code: "custom", path: ["FEEDBACK_SOFT_PER_MINUTE"], message: "must not be above FEEDBACK_HARD_PER_MINUTE" });
    }
  })
  .transform((v) => ({
    ...v,
    NEXTAUTH_SECRET: v.NEXTAUTH_SECRET ?? DEV_NEXTAUTH_SECRET,
    ENCRYPTION_KEY: v.ENCRYPTION_KEY ?? DEV_ENCRYPTION_KEY,
    GITHUB_URL: v.GITHUB_URL.replace(/\/+$/, ""),
    GITHUB_API_URL: v.GITHUB_API_URL.replace(/\/+$/, ""),
    githubAuthEnabled: Boolean(v.GITHUB_ID && v.GITHUB_SECRET),
  }));

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === "" ? undefined : v]));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example for every variable.`);
  }
  return result.data;
}

let cached: Env | undefined;
export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export const env: Env = new Proxy({} as Env, {
  get: (_t, key) => loadEnv()[key as keyof Env],
});
