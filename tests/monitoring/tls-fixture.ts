import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import tls from "node:tls";

export type Credentials = { key: string; cert: string };

const subject = (names: string[]) => ["-subj", `/CN=${names[0].split(":")[1]}`, "-addext", `subjectAltName=${names.join(",")}`];

// `openssl ca` rather than `openssl x509 -req`: OpenSSL 3.0 can only set past validity dates (an expired
// certificate) through -startdate/-enddate there.
const CA_CONFIG = `[ca]
default_ca = fixture
[fixture]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
`;

/**
 * A throwaway certificate authority made with the openssl CLI, and certificates it issues or that sign themselves.
 * `names` are subjectAltName entries such as "DNS:probe.test" or "IP:127.0.0.1".
 */
export function certificateAuthority() {
  const dir = mkdtempSync(path.join(tmpdir(), "tminus-tls-"));
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  const read = (file: string) => readFileSync(path.join(dir, file), "utf8");
  const newKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  writeFileSync(path.join(dir, "ca.cnf"), CA_CONFIG);
  writeFileSync(path.join(dir, "index.txt"), "");
  writeFileSync(path.join(dir, "serial"), "01\n");
  const caExtensions = ["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"];
  run("req", "-x509", ...newKey, "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=T-Minus test CA", "-days", "30", ...caExtensions);
  let count = 0;

  return {
    caCert: read("ca.pem"),
    /** Issued by the CA: valid from now for `days`, or between two dates written as YYYYMMDDHHMMSSZ. */
    issue(names: string[], validity: { days: number } | { start: string; end: string }): Credentials {
      const name = `leaf${++count}`;
      run("req", "-new", ...newKey, "-keyout", `${name}.key`, "-out", `${name}.csr`, ...subject(names));
      const dates = "days" in validity ? ["-days", String(validity.days)] : ["-startdate", validity.start, "-enddate", validity.end];
      run("ca", "-batch", "-notext", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", ...["-in", `${name}.csr`, "-out", `${name}.pem`], ...dates);
      return { key: read(`${name}.key`), cert: read(`${name}.pem`) };
    },
    selfSigned(names: string[], days: number): Credentials {
      const name = `self${++count}`;
      run("req", "-x509", ...newKey, "-keyout", `${name}.key`, "-out", `${name}.pem`, "-days", String(days), ...subject(names));
      return { key: read(`${name}.key`), cert: read(`${name}.pem`) };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A loopback server: TLS with the given credentials, or (without them) TCP that accepts and never says anything. */
export async function loopbackServer(credentials?: Credentials) {
  const sockets = new Set<net.Socket>();
  let connections = 0;
  const server = credentials ? tls.createServer(credentials, (socket) => socket.end()) : net.createServer(() => {});
  // Counted at TCP level for both, so a test can say that nothing connected at all.
  server.on("connection", (socket: net.Socket) => {
    connections++;
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
