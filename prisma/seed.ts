import { db } from "../lib/db";
import { seedDemo } from "../lib/seed/demo";

seedDemo(db)
  .then(({ projectId }) => console.log(`[seed] demo project ready (${projectId})`))
  .catch((error) => {
    console.error("[seed] failed:", error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
