import { db } from "../lib/db";
import { seedDemo } from "../lib/seed/demo";

// The seed goes through the service layer, which may open Redis (live events, the outbox relay); a script exits when
// it is done rather than wait for those connections.
seedDemo(db)
  .then(({ projectId }) => console.log(`[seed] demo project ready (${projectId})`))
  .catch((error) => {
    console.error("[seed] failed:", error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await db.$disconnect();
    process.exit();
  });
