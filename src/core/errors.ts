/**
 * One error type for bad input. It carries the file, the place in it (a line number, a byte offset,
 * a JSON path) and what was expected; the CLI turns it into one line on stderr and exit code 2.
 * Parsers throw it; they never print and never exit.
 */
export class InputError extends Error {
  readonly file: string;
  readonly place: string | number | undefined;
  readonly problem: string;
  readonly expected: string | undefined;

  constructor(file: string, place: string | number | undefined, problem: string, expected?: string) {
    super(formatLocation(file, place) + ': ' + problem + (expected ? `; expected ${expected}` : ''));
    this.name = 'InputError';
    this.file = file;
    this.place = place;
    this.problem = problem;
    this.expected = expected;
  }
}

/** Bad flags or arguments (exit 2, like bad input). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function formatLocation(file: string, place: string | number | undefined): string {
  if (place === undefined || place === '') return file;
  return `${file}:${place}`;
}
