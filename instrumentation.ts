// Validates configuration when the server starts, so a bad variable stops it with a message naming the variable.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { loadEnv } = await import("./lib/env");
    loadEnv();
  }
}
