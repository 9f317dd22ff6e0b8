import { readFile } from "node:fs/promises";
import type { Connection, Pool } from "mysql2/promise";

/** The schema file ships beside src/ and dist/, so this path holds for both. */
export const SCHEMA_FILE = new URL("../sql/schema.sql", import.meta.url);

/** The schema's statements, without comments; each trigger is a single statement, so `;` ends them. */
export async function schemaStatements(): Promise<string[]> {
  const text = await readFile(SCHEMA_FILE, "utf8");
  return text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("--"))
    .join("\n")
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

/** Applies the vote schema to the connection's current database. Safe to run again. */
export async function applySchema(connection: Connection | Pool): Promise<void> {
  for (const statement of await schemaStatements()) {
    await connection.query(statement);
  }
}
