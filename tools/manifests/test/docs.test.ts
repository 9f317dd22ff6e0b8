import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, TUTORIAL_WALK, TUTORIAL_WALKS, type WalkAction } from "../src/index.js";
import { walks } from "./helpers.js";

interface Block {
  readonly language: string;
  readonly lines: readonly string[];
}

/** The fenced code blocks of a piece of Markdown, in order. */
function codeBlocks(text: string): Block[] {
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map(([, language = "", body = ""]) => ({
    language,
    lines: body.trimEnd().split("\n"),
  }));
}

/** The sections of the variants that differ from the main walk, by their exact headings. */
const SECTIONS = {
  helm: "## On upstream Istio installed with Helm",
  "aks-addon": "## On AKS with the Istio add-on",
  "gateway-api": "## With the Kubernetes Gateway API",
} as const;

const TEXT = readFileSync(join(REPO_ROOT, "docs/tutorial.md"), "utf8");
const LINES = TEXT.split("\n");

/** The main body: everything before the first variant's heading. */
function mainBody(): string {
  const first = LINES.findIndex((line) => (Object.values(SECTIONS) as string[]).includes(line));
  return (first === -1 ? LINES : LINES.slice(0, first)).join("\n");
}

/** A variant's section: from its heading to the next second-level heading; undefined if absent. */
function section(heading: string): string | undefined {
  const start = LINES.indexOf(heading);
  if (start === -1) return undefined;
  const end = LINES.findIndex((line, index) => index > start && line.startsWith("## "));
  return LINES.slice(start, end === -1 ? undefined : end).join("\n");
}

/** How each variant labels the namespace for sidecars: the add-on needs its revision. */
const LABEL_LINES: Record<keyof typeof SECTIONS, string> = {
  helm: "kubectl label namespace voting istio-injection=enabled",
  "aks-addon": "scripts/label-namespace.sh",
  "gateway-api": "kubectl label namespace voting istio-injection=enabled",
};

const WALK_COMMAND =
  /^kubectl (apply -f \S+|delete deployment --selector '[^']+') --namespace voting$/;
const APPLY_COMMAND = /^kubectl apply -f \S+ --namespace voting$/;

function commandOf(action: WalkAction): string {
  return "apply" in action
    ? `kubectl apply -f ${action.apply} --namespace voting`
    : `kubectl delete deployment --selector '${action.delete.selector}' --namespace voting`;
}

const commandsIn = (blocks: readonly Block[], pattern: RegExp) =>
  blocks
    .filter((block) => block.language === "bash")
    .flatMap((block) => block.lines.filter((line) => pattern.test(line)));

/** The console block that follows the bash block showing `command`. */
function outputAfter(blocks: readonly Block[], command: string): readonly string[] | undefined {
  const at = blocks.findIndex(
    (block) => block.language === "bash" && block.lines.includes(command),
  );
  if (at === -1) return undefined;
  return blocks.slice(at + 1).find((block) => block.language === "console")?.lines;
}

describe("docs/tutorial.md's main body is the istioctl walk", () => {
  const blocks = codeBlocks(mainBody());

  it("when the main body's commands are read in order, then they are the walk's commands", () => {
    expect(commandsIn(blocks, WALK_COMMAND)).toEqual(TUTORIAL_WALK.map(commandOf));
  });

  it.each(TUTORIAL_WALK.map((action, index) => [commandOf(action), index] as const))(
    "when `%s` is shown, then the output shown after it is what the walk prints",
    (command, index) => {
      expect(outputAfter(blocks, command)).toEqual(walks.istioctl[index]!.lines);
    },
  );

  it("when the namespace is prepared, then it is created and labelled for sidecar injection", () => {
    const setup = blocks.find((block) => block.lines.includes("kubectl create namespace voting"));
    expect(setup?.lines).toEqual([
      "kubectl create namespace voting",
      "kubectl label namespace voting istio-injection=enabled",
    ]);
  });

  it("when the results are checked, then the tutorial's curl loop is used as written", () => {
    const loops = blocks
      .flatMap((block) => block.lines)
      .filter((line) => line.startsWith("for i in {1..5}"));
    expect(loops).toContain("for i in {1..5}; do curl -si $INGRESS_IP | grep results; done");
  });
});

describe.each(Object.entries(SECTIONS) as [keyof typeof SECTIONS, string][])(
  "docs/tutorial.md's section of the %s walk",
  (variant, heading) => {
    const text = section(heading);
    const sectionBlocks = codeBlocks(text ?? "");
    // The section opens with the whole walk in one block; the commands it adds follow, each
    // with its output.
    const wholeWalkAt = sectionBlocks.findIndex((block) => block.language === "bash");
    const wholeWalk = sectionBlocks[wholeWalkAt];
    const blocks = sectionBlocks.slice(wholeWalkAt + 1);
    const istioctl = new Set(TUTORIAL_WALK.map(commandOf));
    const own = TUTORIAL_WALKS[variant]
      .map((action, index) => [commandOf(action), index] as const)
      .filter(([command]) => !istioctl.has(command));

    it(`when the docs are read, then they have the heading "${heading}"`, () => {
      expect(text).toBeDefined();
    });

    it("when its first block is read, then it is this variant's whole walk, in order, from the namespace to the clean-up", () => {
      const lines = wholeWalk?.lines ?? [];
      expect(lines.filter((line) => WALK_COMMAND.test(line))).toEqual(
        TUTORIAL_WALKS[variant].map(commandOf),
      );
      expect(lines[0]).toBe("kubectl create namespace voting");
      expect(lines[1]).toBe(LABEL_LINES[variant]);
      expect(lines.at(-1)).toBe("kubectl delete namespace voting");
    });

    it("when its kubectl apply lines are read in order, then they are the walk's commands the istioctl walk lacks", () => {
      expect(commandsIn(blocks, APPLY_COMMAND)).toEqual(own.map(([command]) => command));
    });

    it.each(own)(
      "when `%s` is shown, then the output shown after it is what this variant's walk prints",
      (command, index) => {
        expect(outputAfter(blocks, command)).toEqual(walks[variant][index]!.lines);
      },
    );
  },
);
