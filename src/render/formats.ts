/**
 * The renderer registry's shape: each model's renderers are a map from format name to a function
 * (model, options) → text. The names are known without loading anything (`--format`'s choices and
 * `--help` come from them); each renderer is imported when it is used. A renderer may return its
 * text in pieces (an iterable of strings) so that outputs of any size can be written as they come.
 */

export type Rendered = string | Iterable<string>;
export type Renderer<M, O> = (model: M, opts: O) => Rendered;

export interface FormatMap<M, O> {
  /** Format names, the default first. */
  readonly names: readonly string[];
  has(name: string): boolean;
  /** The renderer of a format (imported on first use). */
  load(name: string): Promise<Renderer<M, O>>;
}

export function formats<M, O>(loaders: Readonly<Record<string, () => Promise<Renderer<M, O>>>>): FormatMap<M, O> {
  const names = Object.keys(loaders);
  return {
    names,
    has: (name) => Object.hasOwn(loaders, name),
    async load(name) {
      const loader = Object.hasOwn(loaders, name) ? loaders[name] : undefined;
      if (!loader) throw new Error(`no renderer for format ${name}`);
      return loader();
    },
  };
}
