/** Word-wrapping plain text for the terminal: renderers and the help. */

/** Word-wraps plain text to `width` columns; lines after the first start with `indent`. */
export function wrap(text: string, width: number, indent: string, first = 0): string[] {
  const lines: string[] = [];
  let line = '';
  let room = Math.max(20, width - first);
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
      room = Math.max(20, width - indent.length);
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : indent + l));
}

