#!/usr/bin/env node
// Entry point of `npm run bench`: the only module here that reads argv, writes files and exits.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { repoRoot } from "@voting/devstack";
import { parseCli, USAGE, UsageError } from "./args.js";
import { replaceSection } from "./report/doc-section.js";
import { renderMarkdown } from "./report/markdown.js";
import type { BenchReport } from "./results.js";
import { runBench } from "./run.js";

const log = (line: string) => process.stderr.write(`${line}\n`);
// A closed pipe (`npm run bench | head`) must not kill the run before it has cleaned up.
process.stdout.on("error", () => {});
process.stderr.on("error", () => {});

// First Ctrl-C: stop at the next load and clean up (stores, database, processes); second: now.
const interrupt = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) process.exit(130);
    log(`${signal}: stopping after the current load, then cleaning up (again to stop now)`);
    interrupt.abort(new Error(`interrupted by ${signal}`));
  });
}

let dir: string | undefined;
try {
  const options = parseCli(process.argv.slice(2), join(repoRoot(), "docs", "benchmarks.md"));
  dir = await mkdtemp(join(tmpdir(), "voting-bench-"));
  const report: BenchReport = options.fromJson
    ? (JSON.parse(await readFile(options.fromJson, "utf8")) as BenchReport)
    : await runBench({
        settings: options.settings,
        only: options.only,
        nodeOptions: options.nodeOptions,
        signal: interrupt.signal,
        dir,
        log,
      });
  const markdown = renderMarkdown(report);
  if (options.json) {
    await mkdir(dirname(options.json), { recursive: true });
    await writeFile(options.json, `${JSON.stringify(report, null, 2)}\n`);
  }
  // A saved run goes into the docs only if it was a full run of every scenario, as shipped.
  const savedPartial =
    report.mode !== "full" || (report.only ?? null) !== null || report.nodeOptions !== null;
  const doc = options.fromJson && savedPartial ? null : options.doc;
  if (doc) {
    const current = await readFile(doc, "utf8").catch(() => "# Benchmarks\n");
    await writeFile(doc, replaceSection(current, markdown));
    log(`figures written to ${doc}`);
  }
  process.stdout.write(`${markdown}\n`);
  if (report.problems.length > 0) {
    log(`bench: ${report.problems.length} problem(s):\n  ${report.problems.join("\n  ")}`);
    log(`logs kept in ${dir}`);
    process.exitCode = 1;
  } else {
    await rm(dir, { recursive: true, force: true });
  }
} catch (error) {
  if (error instanceof UsageError) {
    if (error.message) log(error.message);
    log(USAGE);
    process.exitCode = error.message ? 2 : 0;
  } else {
    log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (dir) log(`logs kept in ${dir}`);
    process.exitCode = 1;
  }
}
