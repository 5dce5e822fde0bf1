export interface DemoAccount {
  role: "admin" | "approver" | "member";
  email: string;
  password: string;
  name: string;
}
export interface DemoTargetSpec {
  name: "staging" | "production";
  port: number;
  version: string;
  url: string;
}
export const DEMO_ACCOUNTS: readonly DemoAccount[];
export const DEMO_TARGETS: readonly DemoTargetSpec[];
