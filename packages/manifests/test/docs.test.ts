import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, TUTORIAL_WALK } from "../src/index.js";
import { walk } from "./helpers.js";

interface Block {
  readonly language: string;
  readonly lines: readonly string[];
}

/** The fenced code blocks of a Markdown file, in order. */
function codeBlocks(file: string): Block[] {
  const text = readFileSync(join(REPO_ROOT, file), "utf8");
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map(([, language = "", body = ""]) => ({
    language,
    lines: body.trimEnd().split("\n"),
  }));
}

const WALK_COMMAND =
  /^kubectl (apply -f \S+|delete deployment --selector '[^']+') --namespace voting$/;

function commandOf(action: (typeof TUTORIAL_WALK)[number]): string {
  return "apply" in action
    ? `kubectl apply -f ${action.apply} --namespace voting`
    : `kubectl delete deployment --selector '${action.delete.selector}' --namespace voting`;
}

describe("docs/tutorial.md matches the files", () => {
  const blocks = codeBlocks("docs/tutorial.md");
  const commands = blocks
    .filter((block) => block.language === "bash")
    .flatMap((block) => block.lines.filter((line) => WALK_COMMAND.test(line)));

  it("when the tutorial's commands are read in order, then they are the walk's commands", () => {
    expect(commands).toEqual(TUTORIAL_WALK.map(commandOf));
  });

  it.each(TUTORIAL_WALK.map((action, index) => [commandOf(action), index] as const))(
    "when `%s` is shown, then the output shown after it is what the walk prints",
    (command, index) => {
      const at = blocks.findIndex(
        (block) => block.language === "bash" && block.lines.includes(command),
      );
      const output = blocks.slice(at + 1).find((block) => block.language === "console");
      expect(output?.lines).toEqual(walk[index]!.lines);
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
