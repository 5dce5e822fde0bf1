import type { Server } from "node:http";

export type DemoTargetMode = "ok" | "slow" | "failing" | "down";

export interface DemoTargetLogEntry {
  ts: string;
  method: string | undefined;
  path: string;
  status: number | null;
  ms: number;
  destroyed?: true;
}

export interface DemoTarget {
  server: Server;
  port: number;
  url: string;
  getMode(): { mode: DemoTargetMode; delayMs: number };
  setMode(mode: DemoTargetMode, delayMs?: number): { mode: DemoTargetMode; delayMs: number };
  close(graceMs?: number): Promise<void>;
}

export function isLoopback(address: string | undefined): boolean;

export function startDemoTarget(options?: {
  port?: number;
  host?: string;
  name?: string;
  version?: string;
  log?: false | ((entry: DemoTargetLogEntry) => void);
  /** Where a deployed version is kept, so a restarted app serves it (npm run up uses .tminus/demo-<name>.json). */
  stateFile?: string;
  /** The T-Minus feedback widget on every page: its script URL and the project's public feedback key. */
  widget?: { src: string; key: string } | null;
}): Promise<DemoTarget>;

export function parseWidget(src: string | undefined, key: string | undefined): { src: string; key: string } | null;
