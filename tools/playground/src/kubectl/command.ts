import type { LabelChange } from "../namespace-state.js";

/** The objects of one file given with `-f`, already read by the command line. */
export interface Source {
  readonly file: string;
  readonly objects: readonly unknown[];
}

/** What the command line asks of the running playground. */
export type Command =
  | { readonly verb: "apply"; readonly namespace: string; readonly sources: readonly Source[] }
  | {
      readonly verb: "delete";
      readonly namespace: string;
      readonly ignoreNotFound: boolean;
      readonly target:
        | { readonly sources: readonly Source[] }
        | { readonly resource: string; readonly names: readonly string[] }
        | { readonly resource: string; readonly selector: string };
    }
  | {
      readonly verb: "get";
      readonly namespace: string;
      readonly resource: string;
      readonly names: readonly string[];
      readonly selector: string | undefined;
      readonly showLabels?: boolean;
    }
  | {
      readonly verb: "logs";
      readonly namespace: string;
      readonly pod: string;
      readonly tail: number | undefined;
    }
  | {
      readonly verb: "label";
      readonly namespace: string;
      readonly resource: string;
      readonly name: string;
      readonly changes: readonly LabelChange[];
      readonly overwrite: boolean;
    };

/** What the command prints, and how it exits. */
export interface CommandOutput {
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
  readonly exitCode: number;
}
