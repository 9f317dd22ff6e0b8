import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { Language, Parser, type Node } from "web-tree-sitter";
import { readRepoFile, scriptFiles } from "./support/repo.js";

// PowerShell itself is not available on the test machines (Debian has no package for it), so the
// scripts are parsed with the tree-sitter PowerShell grammar: syntax errors are caught here,
// behaviour is not run.
const require = createRequire(import.meta.url);
let parser: Parser;

beforeAll(async () => {
  await Parser.init();
  const grammar = await Language.load(
    require.resolve("tree-sitter-powershell/tree-sitter-powershell.wasm"),
  );
  parser = new Parser();
  parser.setLanguage(grammar);
});

/** Every ERROR or MISSING node of the parse, as "line:column text". */
function syntaxErrors(source: string): string[] {
  const tree = parser.parse(source);
  if (!tree) throw new Error("the PowerShell parser returned no tree");
  const errors: string[] = [];
  const visit = (node: Node) => {
    if (node.isError || node.isMissing) {
      errors.push(
        `${node.startPosition.row + 1}:${node.startPosition.column + 1} ${node.text.slice(0, 40)}`,
      );
    }
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return errors;
}

/** The parameter names of the script's own param block, in order. */
function parameterNames(source: string): string[] {
  const tree = parser.parse(source);
  const block = tree?.rootNode.children.find((node) => node?.type === "param_block");
  if (!block) return [];
  return block
    .descendantsOfType("script_parameter")
    .map((parameter) => parameter?.children.find((child) => child?.type === "variable")?.text ?? "")
    .map((variable) => variable.replace(/^\$/, ""));
}

const expectedParameters: Record<string, string[]> = {
  "results-loop.ps1": ["Address", "Count"],
  "tally.ps1": ["Address", "Count", "Cookie"],
};

describe("PowerShell scripts", () => {
  it("when scripts/ is listed, then the PowerShell twins of the loop and the tally are there", () => {
    expect(scriptFiles(".ps1")).toEqual(Object.keys(expectedParameters));
  });

  it("when a script has an unclosed block, then the parse check finds it (the check can fail)", () => {
    expect(syntaxErrors("param([string]$A)\nif ($A) {\n  Write-Output 'x'\n")).not.toEqual([]);
    expect(syntaxErrors("$h = @{ Cookie = 'a' \n")).not.toEqual([]);
  });

  describe.each(scriptFiles(".ps1"))("%s", (script) => {
    const source = readRepoFile(`scripts/${script}`);

    it("when parsed as PowerShell, then it has no syntax error", () => {
      expect(syntaxErrors(source)).toEqual([]);
    });

    it("when it runs, then errors stop it and undefined variables are errors", () => {
      expect(source).toMatch(/^Set-StrictMode -Version Latest$/m);
      expect(source).toMatch(/^\$ErrorActionPreference = 'Stop'$/m);
    });

    it("when called like the bash script, then it takes the same arguments in the same order", () => {
      expect(parameterNames(source)).toEqual(expectedParameters[script]);
    });
  });
});
