// The demo sign-ins and demo targets, shared by the seed (prisma/seed.ts), `npm run up` and the e2e setup.
// Plain ESM with no imports so every runtime (node, tsx, Playwright) can load it.

export const DEMO_ACCOUNTS = [
  { role: "admin", email: "admin@acme.test", password: "launch-admin-1", name: "Ada Admin" },
  { role: "approver", email: "approver@acme.test", password: "launch-approver-1", name: "Avery Approver" },
  { role: "member", email: "member@acme.test", password: "launch-member-1", name: "Max Member" },
];

// Started by `npm run up` from examples/demo-target/server.mjs; bound to loopback.
export const DEMO_TARGETS = [
  { name: "staging", port: 4101, version: "1.4.0", url: "http://127.0.0.1:4101" },
  { name: "production", port: 4102, version: "1.3.2", url: "http://127.0.0.1:4102" },
];
