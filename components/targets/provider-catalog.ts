// The target form's view of lib/targets/schemas as plain data: importing the zod schemas into a client component
// ships zod to the browser (+35 kB). provider-catalog.test.ts keeps the two in step.

export const ENVIRONMENTS = ["production", "staging", "preview", "development"] as const;
export const PROVIDER_KINDS = ["none", "vercel", "netlify", "render", "command", "github_actions"] as const;
export type ProviderKindName = (typeof PROVIDER_KINDS)[number];

type Provider = { settings: { key: string; required: boolean }[]; secretKeys: string[] };

// "None" means health checks only, so the form offers it no deploy hook (the API still accepts one).
export const PROVIDER_CATALOG: Record<ProviderKindName, Provider> = {
  none: { settings: [], secretKeys: [] },
  vercel: {
    settings: [
      { key: "projectId", required: true },
      { key: "teamId", required: false },
    ],
    secretKeys: ["token", "deployHookUrl"],
  },
  netlify: { settings: [{ key: "siteId", required: true }], secretKeys: ["token", "deployHookUrl"] },
  render: { settings: [{ key: "serviceId", required: true }], secretKeys: ["apiKey", "deployHookUrl"] },
  command: {
    settings: [
      { key: "host", required: true },
      { key: "user", required: false },
      { key: "command", required: true },
    ],
    secretKeys: ["sshPrivateKey"],
  },
  github_actions: {
    settings: [
      { key: "owner", required: true },
      { key: "repo", required: true },
      { key: "workflow", required: true },
      { key: "ref", required: false },
    ],
    secretKeys: ["token"],
  },
};
