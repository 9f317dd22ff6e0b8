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

/** The function of that name in the script, as its source text; "" when there is none. */
function functionText(source: string, name: string): string {
  const tree = parser.parse(source);
  const found = tree?.rootNode
    .descendantsOfType("function_statement")
    .find((node) => node?.children.find((child) => child?.type === "function_name")?.text === name);
  return found?.text ?? "";
}

/**
 * What the ingress lookup asks kubectl about, in the order of the source: "gateway NS/NAME" for a
 * kubectl call that gets a Gateway API Gateway, "service NS/NAME" for a 'NS/NAME' string.
 */
function ingressLookupOrder(source: string): string[] {
  const tree = parser.parse(functionText(source, "Get-IngressAddress"));
  if (!tree) return [];
  const found: { at: number; what: string }[] = [];
  for (const command of tree.rootNode.descendantsOfType("command")) {
    if (command?.children.find((child) => child?.type === "command_name")?.text !== "kubectl")
      continue;
    const gateway = /-n (\S+) get gateways\.gateway\.networking\.k8s\.io (\S+)/.exec(command.text);
    if (gateway)
      found.push({ at: command.startIndex, what: `gateway ${gateway[1]}/${gateway[2]}` });
  }
  for (const text of tree.rootNode.descendantsOfType("verbatim_string_characters")) {
    const service = /^'([a-z0-9-]+\/[a-z0-9-]+)'$/.exec(text?.text ?? "");
    if (service && text) found.push({ at: text.startIndex, what: `service ${service[1]}` });
  }
  return found
    .sort((a, b) => a.at - b.at)
    .map(({ what }) => what)
    .filter((what, index, all) => all.indexOf(what) === index);
}

/** The order scripts/ingress-ip.sh looks for the ingress in: its Gateway, then its Services. */
function bashLookupOrder(): string[] {
  const bash = readRepoFile("scripts/ingress-ip.sh");
  const appNamespace = /^app_namespace="([^"]+)"$/m.exec(bash)?.[1];
  const gateway = /^gateway_name="([^"]+)"$/m.exec(bash)?.[1];
  const services = /^known_services="\\\n([^"]*)"$/m.exec(bash)?.[1] ?? "";
  return [
    `gateway ${appNamespace}/${gateway}`,
    ...services
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => {
        const [namespace, name] = line.split(" ");
        return `service ${namespace}/${name}`;
      }),
  ];
}

/** Where the twins' shared Get-IngressAddress lives. */
const LOOKUP_FILE = "scripts/lib/IngressAddress.ps1";
const LOOKUP_LOAD = ". (Join-Path $PSScriptRoot 'lib/IngressAddress.ps1')";

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

  it("when ingress-ip.sh is read, then it looks for a Gateway and the three Istio ingress Services", () => {
    expect(bashLookupOrder()).toEqual([
      "gateway voting/voting-app-gateway",
      "service istio-system/istio-ingressgateway",
      "service istio-ingress/istio-ingress",
      "service aks-istio-ingress/aks-istio-ingressgateway-external",
    ]);
  });

  it("when the lookup's Services are out of order, then the order check sees it (the check can fail)", () => {
    const source = readRepoFile(LOOKUP_FILE);
    const swapped = source
      .replace("'istio-system/istio-ingressgateway'", "'SWAP'")
      .replace("'istio-ingress/istio-ingress'", "'istio-system/istio-ingressgateway'")
      .replace("'SWAP'", "'istio-ingress/istio-ingress'");
    expect(ingressLookupOrder(swapped)).not.toEqual(bashLookupOrder());
  });

  describe("the shared Get-IngressAddress", () => {
    const source = readRepoFile(LOOKUP_FILE);

    it("when parsed as PowerShell, then it has no syntax error and defines Get-IngressAddress", () => {
      expect(syntaxErrors(source)).toEqual([]);
      expect(functionText(source, "Get-IngressAddress")).not.toBe("");
    });

    it("when it looks for the ingress, then it asks kubectl in ingress-ip.sh's order", () => {
      expect(ingressLookupOrder(source)).toEqual(bashLookupOrder());
    });

    it("when INGRESS_SERVICE names a Service, then only that one is asked, as in ingress-ip.sh", () => {
      const lookup = functionText(source, "Get-IngressAddress");
      expect(lookup).toMatch(
        /if \(\$env:INGRESS_SERVICE\) \{\s*\$services = @\(\$env:INGRESS_SERVICE\)/,
      );
      // Istio's own Gateway kind is a "gateway" too: only the full resource name is the Gateway API's.
      expect(lookup).not.toMatch(/get gateways? /);
    });
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

    it("when no address is given, then it takes $env:INGRESS_IP, and the Address may be left out", () => {
      expect(source).toMatch(/^\s*\[string\]\$Address = \$env:INGRESS_IP,$/m);
      expect(source).not.toMatch(/Mandatory = \$true/);
      expect(source).toMatch(/^if \(-not \$Address\) \{ \$Address = Get-IngressAddress \}$/m);
    });

    it("when it looks for the ingress, then it loads the shared Get-IngressAddress and has none of its own", () => {
      expect(source.split("\n")).toContain(LOOKUP_LOAD);
      expect(functionText(source, "Get-IngressAddress")).toBe("");
    });
  });
});
