import { PROVIDER_CATALOG, type ProviderKindName } from "./provider-catalog";

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

export const settingsFields = (kind: ProviderKindName) => PROVIDER_CATALOG[kind].settings;
export const secretKeysOf = (kind: ProviderKindName) => PROVIDER_CATALOG[kind].secretKeys;
