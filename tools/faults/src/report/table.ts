import type { ScenarioResult } from "../result.js";

const HEADER = [
  "Scenario",
  "Load",
  "Faults injected",
  "Bad inputs tried",
  "Lost votes",
  "Max latency during the fault",
  "Result",
];

/** The report's table: one row per scenario, in Markdown. */
export function resultsTable(results: readonly ScenarioResult[]): string {
  const rows = results.map((r) => [
    r.scenario,
    r.load,
    r.faults,
    r.badInputs === 0 ? "—" : String(r.badInputs),
    r.lostVotes === null ? "—" : String(r.lostVotes),
    r.maxFaultLatencyMs === null ? "—" : `${r.maxFaultLatencyMs} ms`,
    verdict(r),
  ]);
  return [HEADER, HEADER.map(() => "---"), ...rows]
    .map((cells) => `| ${cells.map(cell).join(" | ")} |`)
    .join("\n");
}

export function verdict(result: ScenarioResult): string {
  if (result.violations.length === 0) return result.summary ? `pass: ${result.summary}` : "pass";
  return `**FAIL**: ${result.violations.join("; ")}`;
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}
