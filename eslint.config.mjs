import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "coverage/**"],
  },
  {
    // Only lib/env.ts reads the environment (STYLE.md: validated once at start-up).
    files: ["app/**", "components/**", "lib/**", "workers/**"],
    ignores: ["lib/env.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration from lib/env.ts" }],
    },
  },
  {
    // Server code reaches user-supplied URLs only through the guarded client (network policy, no DNS rebinding,
    // capped bodies). GitHub sign-in talks to the operator-configured GITHUB_API_URL and the browser to its own API.
    files: ["lib/**", "workers/**"],
    ignores: ["lib/net/**", "lib/auth/github.ts", "lib/queries/**", "**/*.test.ts"],
    rules: {
      "no-restricted-globals": ["error", { name: "fetch", message: "Use guardedFetch from lib/net/guarded-fetch.ts: it applies the instance's network policy" }],
    },
  },
  {
    // Tests read loosely-typed JSON responses on purpose; the assertions carry the types.
    files: ["tests/**", "**/*.test.ts", "e2e/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
];

export default config;
