#!/usr/bin/env node
// The fake GitHub the e2e web server signs in against (started by scripts/e2e.mjs beside the web server). Its address
// and API prefix come from the same GITHUB_URL / GITHUB_API_URL the web server reads, so the two cannot disagree.
import { tsImport } from "tsx/esm/api";

const { startFakeGithub } = await tsImport("../tests/helpers/fake-github.ts", import.meta.url);

const site = new URL(process.env.GITHUB_URL ?? "http://127.0.0.1:4290");
const api = new URL(process.env.GITHUB_API_URL ?? site.toString());
if (api.origin !== site.origin) throw new Error("fake GitHub: GITHUB_URL and GITHUB_API_URL must share one host:port");
if (!process.env.GITHUB_ID || !process.env.GITHUB_SECRET) throw new Error("fake GitHub: GITHUB_ID and GITHUB_SECRET are required");

const fake = await startFakeGithub({
  clientId: process.env.GITHUB_ID,
  clientSecret: process.env.GITHUB_SECRET,
  host: site.hostname,
  port: Number(site.port),
  apiPrefix: api.pathname,
});
console.log(`fake GitHub on ${fake.url} (API ${fake.apiUrl})`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => void fake.close().then(() => process.exit(0)));
}
