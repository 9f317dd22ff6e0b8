export const BEGIN = "<!-- bench:begin (written by npm run bench; edit the text around it) -->";
export const END = "<!-- bench:end -->";

/**
 * `doc` with the generated section replaced by `section`; the prose around it is kept. A doc
 * without the markers gets the section appended.
 */
export function replaceSection(doc: string, section: string): string {
  const block = `${BEGIN}\n${section.trim()}\n${END}`;
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start === -1 || end === -1 || end < start) {
    return `${doc.trimEnd()}${doc.trim() ? "\n\n" : ""}${block}\n`;
  }
  return doc.slice(0, start) + block + doc.slice(end + END.length);
}
