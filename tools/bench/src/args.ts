import { parseArgs } from "node:util";
import { MODES, type ModeSettings } from "./modes.js";

export interface CliOptions {
  settings: ModeSettings;
  /** Where to write the Markdown section; null to print it only (always so in quick mode). */
  doc: string | null;
  /** Where to write every figure as JSON, if anywhere. */
  json: string | null;
  /** Only these scenarios (ids such as redis.page); the ceiling always runs. Null for all. */
  only: string[] | null;
  /** NODE_OPTIONS for the services, to try runtime flags; null to run them as shipped. */
  nodeOptions: string | null;
  /** Render the figures of a saved run (--json) instead of measuring. */
  fromJson: string | null;
}

export const USAGE = `Usage: npm run bench [-- options]
  --quick            a few seconds: every scenario once, tiny loads, growth to 1,000 votes;
                     prints the figures and never writes the docs (for CI smoke checks)
  --doc FILE         where the full run writes its table (default docs/benchmarks.md)
  --json FILE        also write every figure as JSON
  --from-json FILE   no measuring: render a run saved with --json (into the docs if it was a
                     full run), e.g. after changing how the table looks
  --duration SEC     seconds per round (overrides the mode's; then the docs are written only
                     with --doc)
  --rounds N         rounds per scenario (likewise)
  --growth LIST      stored votes for the growth run, e.g. 0,100000, or "none"
  --only IDS         only these scenarios, e.g. redis.page,mysql.vote (the ceiling always runs);
                     a partial run never writes the docs
  --node-options=S   NODE_OPTIONS for the services instead of the images', e.g.
                     --node-options=--max-semi-space-size=8,
                     to try runtime flags; such a run never writes the docs
`;

export function parseCli(argv: string[], defaultDoc: string): CliOptions {
  try {
    return fromArgs(argv, defaultDoc);
  } catch (error) {
    // node:util's parseArgs reports bad arguments as TypeErrors with ERR_PARSE_ARGS_* codes.
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
      throw new UsageError((error as Error).message);
    }
    throw error;
  }
}

function fromArgs(argv: string[], defaultDoc: string): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      doc: { type: "string" },
      json: { type: "string" },
      duration: { type: "string" },
      rounds: { type: "string" },
      growth: { type: "string" },
      only: { type: "string" },
      "node-options": { type: "string" },
      "from-json": { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) throw new UsageError("");
  const mode = MODES[values.quick ? "quick" : "full"];
  const settings: ModeSettings = {
    ...mode,
    durationSec: positive("--duration", values.duration) ?? mode.durationSec,
    rounds: positive("--rounds", values.rounds) ?? mode.rounds,
    growthSizes: values.growth === undefined ? mode.growthSizes : sizes(values.growth),
  };
  const nodeOptions = values["node-options"] ?? null;
  const overridden = [values.duration, values.rounds, values.growth].some((v) => v !== undefined);
  const partial = values.quick || values.only !== undefined || nodeOptions !== null;
  if (partial && values.doc !== undefined) {
    throw new UsageError(
      "--quick, --only and --node-options never write the docs: they are not the services' figures",
    );
  }
  return {
    settings,
    // Only the plain full run writes the docs unasked; a run with other settings, if asked to.
    doc: partial ? null : (values.doc ?? (overridden ? null : defaultDoc)),
    json: values.json ?? null,
    only: values.only === undefined ? null : values.only.split(",").map((id) => id.trim()),
    nodeOptions,
    fromJson: values["from-json"] ?? null,
  };
}

export class UsageError extends Error {}

function positive(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!(value > 0)) throw new UsageError(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function sizes(raw: string): number[] {
  if (raw === "none") return [];
  const values = raw.split(",").map((part) => Number(part.trim()));
  if (values.some((value) => !Number.isInteger(value) || value < 0)) {
    throw new UsageError(`--growth takes whole numbers of votes, e.g. 0,10000; got "${raw}"`);
  }
  return values;
}
