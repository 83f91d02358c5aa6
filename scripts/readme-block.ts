/**
 * `readme` with the text between the `start` and `end` marker lines replaced by `body`:
 * how every generated README table is written and checked.
 */
export function replaceReadmeBlock(readme: string, start: string, end: string, body: string): string {
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md lacks the ${start} … ${end} markers.`);
  return `${readme.slice(0, a + start.length)}\n${body}\n${readme.slice(b)}`;
}
