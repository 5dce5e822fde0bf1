import path from "node:path";
import pg from "pg";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The CLI loads no .env when a config file exists; local runs fall back to the same default as lib/env.ts.
const connectionString = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/tminus";
process.env.DATABASE_URL = connectionString;

// The WASM schema engine reads pg_catalog columns of type `name` (oid 19) and `char` (oid 18), which
// @prisma/adapter-pg 6.19 refuses (prisma/orm#27403). Both are plain text to the engine, so this pool
// relabels them; it is used only by the CLI for migrations, never by the app's client.
const TEXT_OID = 25;
const CATALOG_TEXT_OIDS = new Set([18, 19]);
class MigrationPool extends pg.Pool {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async query(...args: any[]): Promise<any> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = await (super.query as any)(...args);
    for (const field of result?.fields ?? []) {
      if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
    return result;
  }
}

// The adapter's executeScript splits migrations at every ";", which breaks function bodies. Postgres
// runs a multi-statement script itself (and atomically) when it is sent as one simple query.
class MigrationAdapterFactory extends PrismaPg {
  async connect() {
    const adapter = await super.connect();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const raw = adapter as any;
    raw.executeScript = async (script: string) => {
      try {
        await raw.client.query(script);
      } catch (error) {
        raw.onError(error);
      }
    };
    return adapter;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => new MigrationAdapterFactory(new MigrationPool({ connectionString, idleTimeoutMillis: 100 })),
});
