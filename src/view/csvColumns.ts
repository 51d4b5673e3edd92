/**
 * The header of a pasted CSV, so the user can pick the column to forecast or the label column.
 * Only the first line is read here (quotes respected); the worker parses the whole file with
 * papaparse and names the row and column of any error.
 */
export function csvColumns(text: string): string[] {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [',', ';', '\t'].reduce(
    (best, d) => (count(firstLine, d) > count(firstLine, best) ? d : best),
    ',',
  );
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < firstLine.length; i++) {
    const ch = firstLine[i];
    if (quoted) {
      if (ch === '"' && firstLine[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells.filter((c) => c.length > 0);
}

const count = (s: string, ch: string) => s.split(ch).length - 1;
