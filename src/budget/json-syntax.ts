/**
 * Where a JSON text stops being JSON. Node 20's JSON.parse does not always say (`Unexpected token
 * '}', "..." is not valid JSON`), so on failure this small recursive-descent scanner finds the offset
 * of the first error and what was expected there. It builds no values: it is only run on failure.
 */

export interface SyntaxProblem {
  offset: number;
  line: number;
  column: number;
  problem: string;
}

class Scan {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i] as string)) this.i++;
  }

  fail(problem: string): never {
    throw Object.assign(new Error(problem), { offset: this.i });
  }

  describeHere(): string {
    if (this.i >= this.s.length) return 'the end of the file';
    return JSON.stringify(this.s[this.i]);
  }

  value(): void {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const lit of ['true', 'false', 'null']) {
      if (this.s.startsWith(lit, this.i)) {
        this.i += lit.length;
        return;
      }
    }
    this.fail(`expected a value, found ${this.describeHere()}`);
  }

  object(): void {
    this.sequence('}', () => {
      this.ws();
      if (this.s[this.i] !== '"') this.fail(`expected a property name in double quotes, found ${this.describeHere()}`);
      this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail(`expected ":" after a property name, found ${this.describeHere()}`);
      this.i++;
      this.value();
    });
  }

  array(): void {
    this.sequence(']', () => this.value());
  }

  /** The items of an object or array after its opening bracket, separated by commas, up to `close`. */
  sequence(close: '}' | ']', item: () => void): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === close) {
      this.i++;
      return;
    }
    for (;;) {
      item();
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        this.ws();
        if (this.s[this.i] === close) this.fail(`a trailing comma before "${close}"`);
        continue;
      }
      if (c === close) {
        this.i++;
        return;
      }
      this.fail(`expected "," or "${close}", found ${this.describeHere()}`);
    }
  }

  string(): void {
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i] as string;
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        const e = this.s[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) this.fail('a bad \\u escape in a string');
          this.i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) this.fail('a bad escape in a string');
        this.i += 2;
        continue;
      }
      if (c < ' ') this.fail('a control character (a raw newline or tab?) inside a string');
      this.i++;
    }
    this.fail('a string that never ends');
  }

  number(): void {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m || m[0] === '-' || m[0] === '') this.fail('a malformed number');
    this.i += (m as RegExpExecArray)[0].length;
  }
}

/** Null when the text is valid JSON; else where and what the first problem is. */
export function findJsonSyntaxError(text: string): SyntaxProblem | null {
  const sc = new Scan(text);
  try {
    sc.value();
    sc.ws();
    if (sc.i < text.length) sc.fail(`unexpected ${sc.describeHere()} after the JSON value`);
    return null;
  } catch (e) {
    const offset = (e as { offset?: number }).offset ?? 0;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    return { offset, line, column: offset - before.lastIndexOf('\n'), problem: e instanceof Error ? e.message : String(e) };
  }
}
