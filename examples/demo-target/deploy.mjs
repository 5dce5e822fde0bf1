#!/usr/bin/env node
// Deploys a version of the demo target the way a script deploy to a host would: "build", "upload", switch traffic.
// T-Minus's command adapter runs it with TMINUS_VERSION, TMINUS_COMMIT and TMINUS_TARGET in the environment:
//   node examples/demo-target/deploy.mjs http://127.0.0.1:4102 [--step-ms 400]
// Each step prints a line (streamed into T-Minus's live log); the switch is POST /__deploy on the running app.
const args = process.argv.slice(2);
const url = args.find((a) => /^https?:\/\//.test(a));
const stepIndex = args.indexOf("--step-ms");
const stepMs = stepIndex >= 0 ? Number(args[stepIndex + 1]) : 400;
const version = process.env.TMINUS_VERSION;
const commit = (process.env.TMINUS_COMMIT || "").slice(0, 12);
if (!url || !version || !Number.isFinite(stepMs) || stepMs < 0) {
  console.error("usage: TMINUS_VERSION=1.5.0 node deploy.mjs <app url> [--step-ms 400]");
  process.exit(2);
}
const pause = () => new Promise((r) => setTimeout(r, stepMs));
const at = () => new Date().toISOString().slice(11, 19);

console.log(`${at()} Deploying Acme ${version}${commit ? ` (${commit})` : ""} to ${process.env.TMINUS_TARGET || url}`);
for (const step of ["Installing dependencies", "Building the app", "Optimising assets", "Uploading the build"]) {
  console.log(`${at()} ${step}…`);
  await pause();
}
console.log(`${at()} Switching traffic to ${version}`);
let res;
try {
  res = await fetch(`${url.replace(/\/+$/, "")}/__deploy`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ version }),
  });
} catch (error) {
  console.error(`${at()} Could not reach ${url}: ${error.message}`);
  process.exit(1);
}
const body = await res.json().catch(() => ({}));
if (!res.ok) {
  console.error(`${at()} The app refused the deploy: HTTP ${res.status} ${JSON.stringify(body)}`);
  process.exit(1);
}
console.log(`${at()} Now serving ${body.version} (was ${body.previous})`);
