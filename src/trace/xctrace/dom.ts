/**
 * A small element tree, for the documents that are small by nature (`xctrace export --toc`): built
 * from scanner events, with a cap on the element count so that a huge file given by mistake fails
 * with a message instead of filling memory.
 */
import type { XmlScanner } from './scanner.js';

export interface DomElement {
  name: string;
  attrs: [string, string][];
  text: string;
  children: DomElement[];
}

export class DomBuilder {
  readonly root: DomElement[] = [];
  private readonly stack: DomElement[] = [];
  private count = 0;

  constructor(
    private readonly scanner: XmlScanner,
    private readonly maxElements = 200_000,
  ) {}

  open(tag: number): void {
    this.stack.push(this.element(tag));
  }

  leaf(tag: number): void {
    const e = this.element(tag);
    if (!this.scanner.textEmpty) e.text = this.scanner.textValue();
  }

  close(): void {
    this.stack.pop();
  }

  text(): void {
    const top = this.stack[this.stack.length - 1];
    if (top) top.text += this.scanner.textValue();
  }

  private element(tag: number): DomElement {
    if (++this.count > this.maxElements) throw new RangeError(`more than ${this.maxElements} elements`);
    const sc = this.scanner;
    const attrs: [string, string][] = [];
    for (let i = 0; i < sc.attributeCount; i++) attrs.push([sc.name(sc.attributeCode(i)), sc.attributeValue(i)]);
    const e: DomElement = { name: sc.name(tag), attrs, text: '', children: [] };
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.children.push(e);
    else this.root.push(e);
    return e;
  }
}

export function attr(e: DomElement, name: string): string | undefined {
  for (const [k, v] of e.attrs) if (k === name) return v;
  return undefined;
}

export function child(e: DomElement, name: string): DomElement | undefined {
  return e.children.find((c) => c.name === name);
}

export function children(e: DomElement, name: string): DomElement[] {
  return e.children.filter((c) => c.name === name);
}
