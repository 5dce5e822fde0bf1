import { PROVIDERS, type ProviderKindName } from "@/lib/targets/schemas";

export const PROVIDER_LABELS: Record<ProviderKindName, string> = {
  none: "None (health checks only)",
  vercel: "Vercel",
  netlify: "Netlify",
  render: "Render",
  command: "Command over SSH (e.g. EC2)",
  github_actions: "GitHub Actions workflow",
};

const FIELD_LABELS: Record<string, string> = {
  projectId: "Project ID",
  teamId: "Team ID",
  siteId: "Site ID",
  serviceId: "Service ID",
  host: "Host",
  user: "SSH user",
  command: "Deploy command",
  owner: "Repository owner",
  repo: "Repository",
  workflow: "Workflow file",
  ref: "Git ref",
  deployHookUrl: "Deploy hook URL",
  token: "API token",
  apiKey: "API key",
  sshPrivateKey: "SSH private key",
};
export const fieldLabel = (key: string) => FIELD_LABELS[key] ?? key;

/** Settings fields of a provider, read from its zod schema so the form cannot drift from the server's rules. */
export function settingsFields(kind: ProviderKindName): { key: string; required: boolean }[] {
  const shape = PROVIDERS[kind].settings.shape as Record<string, { safeParse: (v: unknown) => { success: boolean } }>;
  return Object.entries(shape).map(([key, schema]) => ({ key, required: !schema.safeParse(undefined).success }));
}

export const secretKeysOf = (kind: ProviderKindName) => [...PROVIDERS[kind].secretKeys] as string[];
