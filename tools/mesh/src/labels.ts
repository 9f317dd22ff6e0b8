export type Labels = Readonly<Record<string, string>>;

/** True when every label of `selector` is on `labels` with the same value (an empty selector selects all). */
export function selects(selector: Labels, labels: Labels): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

type Requirement = (labels: Labels) => boolean;

/**
 * Parses a kubectl label selector (`app=web,version in (1.0,1.1)`, `!canary`, `tier notin (db)`)
 * into a predicate. Throws on anything else, so a typo never selects everything.
 */
export function parseLabelSelector(selector: string): (labels: Labels) => boolean {
  const requirements = splitRequirements(selector).map(parseRequirement);
  if (requirements.length === 0) throw new Error(`empty label selector "${selector}"`);
  return (labels) => requirements.every((requirement) => requirement(labels));
}

function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of selector) {
    if (char === "(") depth++;
    if (char === ")") depth--;
    if (char === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
    } else {
      current += char;
    }
  }
  if (current.trim() !== "") parts.push(current.trim());
  return parts;
}

const KEY = String.raw`[A-Za-z0-9][-A-Za-z0-9_./]*`;
const VALUE = String.raw`[-A-Za-z0-9_.]*`;
const SET = new RegExp(String.raw`^(${KEY})\s+(in|notin)\s+\(([^()]*)\)$`);
const EQUALITY = new RegExp(String.raw`^(${KEY})\s*(==|=|!=)\s*(${VALUE})$`);
const EXISTS = new RegExp(String.raw`^(!?)(${KEY})$`);

function parseRequirement(text: string): Requirement {
  const set = SET.exec(text);
  if (set) {
    const [, key = "", operator, values = ""] = set;
    const allowed = new Set(values.split(",").map((value) => value.trim()));
    return operator === "in"
      ? (labels) => labels[key] !== undefined && allowed.has(labels[key])
      : (labels) => labels[key] === undefined || !allowed.has(labels[key]);
  }
  const equality = EQUALITY.exec(text);
  if (equality) {
    const [, key = "", operator, value] = equality;
    return operator === "!="
      ? (labels) => labels[key] !== value
      : (labels) => labels[key] === value;
  }
  const exists = EXISTS.exec(text);
  if (exists) {
    const [, not, key = ""] = exists;
    return not ? (labels) => labels[key] === undefined : (labels) => labels[key] !== undefined;
  }
  throw new Error(`unsupported label selector requirement "${text}"`);
}
