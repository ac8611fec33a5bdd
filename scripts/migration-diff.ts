// Development helper: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL
// that takes the existing migrations to prisma/schema.prisma — what `prisma migrate dev
// --create-only` does, but offline. The Prisma CLI downloads its schema engine, which cannot
// happen here, so this drives the engine's wasm build with an in-memory PGlite as the shadow
// database. Usage: npm run db:diff -- <name>
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const root = path.resolve(import.meta.dirname, "..");
const migrationsDir = path.join(root, "prisma/migrations");
const schemaPath = path.join(root, "prisma/schema.prisma");

async function loadEngine() {
  const dir = path.join(root, "node_modules/@prisma/schema-engine-wasm");
  const glue = await import(path.join(dir, "schema_engine_bg.js"));
  const bytes = readFileSync(path.join(dir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return glue;
}

function migrationsList() {
  mkdirSync(migrationsDir, { recursive: true });
  const dirs = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: 'provider = "postgresql"\n' },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: npm run db:diff -- <snake_case_name>");
  const glue = await loadEngine();
  const pglite = new PGlite();
  const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(pglite));
  const engine = await glue.SchemaEngine.new({ datamodels: [[schemaPath, readFileSync(schemaPath, "utf8")]] }, () => {}, factory);
  const list = migrationsList();
  const result = await engine.diff({
    from: list.migrationDirectories.length ? { tag: "migrations", ...list } : { tag: "empty" },
    to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: readFileSync(schemaPath, "utf8") }] },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  const sql: string = result.stdout ?? "";
  if (!sql.trim() || sql.includes("This is an empty migration")) {
    console.log("schema and migrations agree: nothing to write");
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  writeFileSync(path.join(migrationsDir, "migration_lock.toml"), '# Written by Prisma Migrate\nprovider = "postgresql"\n');
  console.log(`wrote ${path.relative(root, dir)}/migration.sql — review it (partial indexes are added by hand)`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
