import { readFile, writeFile } from "node:fs/promises";

export const START_MARK = "<!-- faults:results:start -->";
export const END_MARK = "<!-- faults:results:end -->";

/** Puts `content` between the markers of the document's generated section, keeping the rest. */
export function replaceSection(document: string, content: string): string {
  const start = document.indexOf(START_MARK);
  const end = document.indexOf(END_MARK);
  if (start === -1 || end < start) {
    throw new Error(`the document has no ${START_MARK} ... ${END_MARK} section to fill`);
  }
  return `${document.slice(0, start + START_MARK.length)}\n${content}\n${document.slice(end)}`;
}

export async function writeSection(path: string, content: string): Promise<void> {
  await writeFile(path, replaceSection(await readFile(path, "utf8"), content));
}
