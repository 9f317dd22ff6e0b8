/** Where batches go: sonic-boom, writing to a file descriptor. */
export interface BatchOutput {
  write(chunk: string): boolean;
  flushSync(): void;
}

/**
 * Log lines gathered and handed on as one string per batch of about `batchLength` characters.
 * sonic-boom can gather by itself (its minLength), but it measures its whole pending buffer again
 * at every line, which copies it: with 4 KB batches, about 2 KB of garbage per line and a twentieth
 * of a vote's CPU. Joining an array of lines once per batch costs one copy.
 */
export class LineBatches {
  private lines: string[] = [];
  private length = 0;

  constructor(
    private readonly output: BatchOutput,
    private readonly batchLength: number,
  ) {}

  write(line: string): void {
    this.lines.push(line);
    this.length += line.length;
    if (this.length >= this.batchLength) this.flush();
  }

  /** Hands on what has been gathered, if anything. */
  flush(): void {
    if (this.lines.length === 0) return;
    const batch = this.lines.join("");
    this.lines = [];
    this.length = 0;
    this.output.write(batch);
  }

  /** Hands on what has been gathered and waits until the output has written everything. */
  flushSync(): void {
    this.flush();
    this.output.flushSync();
  }
}
