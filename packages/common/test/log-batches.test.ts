import { describe, expect, it } from "vitest";
import { LineBatches } from "../src/log-batches.js";

/** An output that records what it was handed and how often it was asked to finish writing. */
function recordingOutput() {
  const output = {
    chunks: [] as string[],
    syncs: 0,
    write(chunk: string) {
      output.chunks.push(chunk);
      return true;
    },
    flushSync() {
      output.syncs += 1;
    },
  };
  return output;
}

describe("LineBatches", () => {
  it("when lines add up to less than a batch, then nothing is handed on yet", () => {
    const output = recordingOutput();
    const batches = new LineBatches(output, 100);
    batches.write('{"msg":"one"}\n');
    batches.write('{"msg":"two"}\n');
    expect(output.chunks).toEqual([]);
  });

  it("when a batch fills up, then its lines are handed on as one chunk, in order", () => {
    const output = recordingOutput();
    const batches = new LineBatches(output, 30);
    batches.write('{"msg":"one"}\n');
    batches.write('{"msg":"two"}\n');
    batches.write('{"msg":"three"}\n');
    batches.write('{"msg":"four"}\n');
    expect(output.chunks).toEqual(['{"msg":"one"}\n{"msg":"two"}\n{"msg":"three"}\n']);
  });

  it("when flushed, then what was gathered is handed on, and an empty flush hands on nothing", () => {
    const output = recordingOutput();
    const batches = new LineBatches(output, 4096);
    batches.write('{"msg":"one"}\n');
    batches.flush();
    batches.flush();
    expect(output.chunks).toEqual(['{"msg":"one"}\n']);
  });

  it("when flushed synchronously, then the gathered lines go out and the output finishes writing", () => {
    const output = recordingOutput();
    const batches = new LineBatches(output, 4096);
    batches.write('{"msg":"last words"}\n');
    batches.flushSync();
    expect(output.chunks).toEqual(['{"msg":"last words"}\n']);
    expect(output.syncs).toBe(1);
  });
});
