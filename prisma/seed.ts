import { db } from "../lib/db";
import { seedDemo } from "../lib/seed/demo";

// Usage: tsx prisma/seed.ts [--target staging=http://127.0.0.1:4201 --target production=…]
// --target points a demo target at another address (the e2e suite runs its own copies on other ports).
const targetBaseUrls: Record<string, string> = {};
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const pair = args[i] === "--target" ? args[++i] : undefined;
  const match = pair ? /^(\w+)=(https?:\/\/\S+)$/.exec(pair) : null;
  if (!match) {
    console.error(`[seed] unknown argument ${args[i] ?? ""}; use --target <name>=<url>`);
    process.exit(64);
  }
  targetBaseUrls[match[1]] = match[2];
}

// The seed goes through the service layer, which may open Redis (live events, the outbox relay); a script exits when
// it is done rather than wait for those connections.
seedDemo(db, { targetBaseUrls })
  .then(({ projectId }) => console.log(`[seed] demo project ready (${projectId})`))
  .catch((error) => {
    console.error("[seed] failed:", error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await db.$disconnect();
    process.exit();
  });
