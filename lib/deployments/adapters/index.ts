import type { ProviderKind } from "@prisma/client";
import { env } from "../../env";
import { commandAdapter } from "./command";
import { deployHookAdapter } from "./deploy-hook";
import { githubActionsAdapter } from "./github-actions";
import { netlifyAdapter } from "./netlify";
import { renderAdapter } from "./render";
import type { DeployAdapter } from "./types";
import { vercelAdapter } from "./vercel";

export type ChosenAdapter = { adapter: DeployAdapter; label: string; apiBase?: string };

/**
 * Which adapter deploys a target: the provider's API when its credential is stored, else its deploy hook. `null` with
 * the sentence to show when the target cannot be deployed at all.
 */
export function adapterFor(kind: ProviderKind, secretKeys: readonly string[]): ChosenAdapter | { adapter: null; why: string } {
  const has = (key: string) => secretKeys.includes(key);
  const hook = { adapter: deployHookAdapter, label: "deploy hook" };
  switch (kind) {
    case "vercel":
      if (has("token")) return { adapter: vercelAdapter, label: "Vercel API", apiBase: env.VERCEL_API_URL };
      break;
    case "netlify":
      if (has("token")) return { adapter: netlifyAdapter, label: "Netlify API", apiBase: env.NETLIFY_API_URL };
      break;
    case "render":
      if (has("apiKey")) return { adapter: renderAdapter, label: "Render API", apiBase: env.RENDER_API_URL };
      break;
    case "github_actions":
      if (has("token")) return { adapter: githubActionsAdapter, label: "GitHub Actions", apiBase: env.GITHUB_API_URL };
      return { adapter: null, why: "This GitHub Actions target has no token; an admin can add one in the target's settings." };
    case "command":
      return { adapter: commandAdapter, label: "command" };
    case "none":
      break;
  }
  if (has("deployHookUrl")) return hook;
  return {
    adapter: null,
    why: kind === "none"
      ? "This target has no deploy provider; an admin can choose one (or add a deploy hook URL) in the target's settings."
      : `This ${kind} target has neither an API credential nor a deploy hook URL; an admin can add one in the target's settings.`,
  };
}
