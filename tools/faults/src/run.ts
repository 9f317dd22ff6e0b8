import { availableParallelism } from "node:os";
import { join } from "node:path";
import { assertServicesBuilt, repoRoot } from "@voting/devstack";
import { now } from "./load/clock.js";
import { writeSection } from "./report/doc.js";
import { resultsTable } from "./report/table.js";
import type { ScenarioResult } from "./result.js";
import { CI_SCALE, REPORT_SCALE } from "./scale.js";
import { CATALOG } from "./scenarios/catalog.js";

// `npm run faults [-- --ci] [-- --no-write]`: every scenario at report scale (or CI scale), one
// line each as it finishes, then the table in docs/faults.md. Exits 1 if any scenario failed.
const args = new Set(process.argv.slice(2));
const scale = args.has("--ci") ? CI_SCALE : REPORT_SCALE;

assertServicesBuilt();
const results: ScenarioResult[] = [];
for (const entry of CATALOG) {
  const started = now();
  let result: ScenarioResult;
  try {
    result = await entry.run(scale);
  } catch (error) {
    result = {
      scenario: entry.id,
      load: "—",
      faults: "—",
      badInputs: 0,
      lostVotes: null,
      maxFaultLatencyMs: null,
      violations: [`it could not run: ${(error as Error).message.split("\n")[0]}`],
      figures: {},
    };
  }
  results.push(result);
  const seconds = ((now() - started) / 1000).toFixed(1);
  console.log(
    `${result.violations.length === 0 ? "pass" : "FAIL"}  ${result.scenario} (${seconds} s)`,
  );
  for (const violation of result.violations) console.log(`      ${violation}`);
  console.log(`      ${JSON.stringify(result.figures)}`);
}

const machine = `${availableParallelism()} cores, Node ${process.versions.node}`;
const section = [
  `Scale \`${scale.name}\` (${scale.clients} concurrent clients, faults of ${scale.faultMs / 1000} s, ` +
    `${scale.generatedPerProperty} generated inputs per property), on ${machine}.`,
  "",
  resultsTable(results),
].join("\n");
if (!args.has("--no-write")) {
  const path = join(repoRoot(), "docs", "faults.md");
  await writeSection(path, section);
  console.log(`\nWrote the table to ${path}`);
}
process.exit(results.every((r) => r.violations.length === 0) ? 0 : 1);
