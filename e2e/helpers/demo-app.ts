import { spawn, type ChildProcess } from "node:child_process";

/** A demo app of the spec's own on a free port, so deploying it never changes the seeded targets other specs look at. */
export async function startDemoApp(name: string, version: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["examples/demo-target/server.mjs", "--port", "0", "--name", name, "--version", version], { stdio: ["ignore", "ignore", "pipe"] });
  const url = await new Promise<string>((resolve, reject) => {
    let err = "";
    child.stderr!.on("data", (d) => {
      err += d;
      const m = /demo-target (http:\/\/\S+) ready/.exec(err);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`demo target exited (${code}): ${err}`)));
  });
  return { url, child };
}
