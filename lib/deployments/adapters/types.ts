import type { NetworkPolicy } from "../../net/policy";

// The contract every deploy adapter implements. The deployment runner (a worker job) saves `providerDeployId` before
// it waits, so a restarted worker polls the same provider deploy instead of triggering a second one.

export type ProviderDeployState = "queued" | "building" | "ready" | "error" | "canceled";

export type AdapterContext = {
  release: { version: string; commitSha: string | null; gitRef: string | null };
  target: { name: string; environment: string; baseUrl: string };
  /** The target's provider settings, already validated by lib/targets/schemas.ts PROVIDERS[kind].settings. */
  settings: Record<string, unknown>;
  /** Decrypted secrets of the target (never logged, never returned). */
  secrets: Record<string, string>;
  /** The instance's outbound policy: every HTTP call goes through guardedFetch with it. */
  policy: NetworkPolicy;
  signal: AbortSignal;
  /** One line of deploy log, as the user will read it (no secrets: adapters redact tokens and hook URLs). */
  log: (line: string) => void;
  /** Provider API base URL; tests point it at a local server speaking the provider's documented API. */
  apiBase?: string;
  /** T-Minus's deployment id, attached to the provider deploy where the API allows (metadata), so findTriggered works. */
  deploymentTag?: string;
};

export type TriggerResult = { providerDeployId: string; url: string | null; state: ProviderDeployState };
export type PollResult = { state: ProviderDeployState; url: string | null; detail: string | null };

export interface DeployAdapter {
  /** Starts a deploy of ctx.release. */
  trigger(ctx: AdapterContext): Promise<TriggerResult>;
  /**
   * After a worker died between asking for a deploy and saving its id: the provider deploy tagged with
   * ctx.deploymentTag, if the provider started one. Adapters without it make the runner fail such a deploy rather
   * than risk a second trigger.
   */
  findTriggered?(ctx: AdapterContext): Promise<TriggerResult | null>;
  /** Where the provider deploy is now; `detail` is a sentence for the log when it failed. */
  poll(ctx: AdapterContext, providerDeployId: string): Promise<PollResult>;
  /** New build log lines since `cursor`, when the provider exposes them. */
  logs?(ctx: AdapterContext, providerDeployId: string, cursor: string | null): Promise<{ lines: string[]; cursor: string | null }>;
  cancel?(ctx: AdapterContext, providerDeployId: string): Promise<void>;
  /** The provider deploy to roll back to: the last successful production deploy before `currentId`. */
  previousGood?(ctx: AdapterContext, currentId: string | null): Promise<string | null>;
  /** Makes `providerDeployId` live again (promote, restore, rollback), returning what to poll. */
  rollback?(ctx: AdapterContext, providerDeployId: string): Promise<TriggerResult>;
}

/** A provider answered with an error; `retryAfterMs` is set from Retry-After on 429/503 so the runner can wait. */
export class ProviderError extends Error {
  constructor(
    readonly code: "unauthorized" | "not_found" | "rate_limited" | "bad_request" | "provider_error" | "unreachable",
    message: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}
