/**
 * How a model's compression labels read in a sentence. `StepModelFacts.compression` lists each
 * distinct way its tensors are stored, largest share first ("palettized 6-bit + sparse", "sparse"):
 * joined with commas, a label whose techniques are all in an earlier one read as a repeat
 * ("palettized 6-bit + sparse, sparse"). Such a label is the tensors that took only part of the
 * recipe, and says so: "palettized 6-bit + sparse; some tensors sparse only".
 */
export function compressionText(labels: readonly string[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const [i, label] of labels.entries()) {
    const techniques = label.split(' + ');
    const subset = i > 0 && techniques.every((t) => seen.has(t));
    parts.push(subset ? `some tensors ${label} only` : label);
    for (const t of techniques) seen.add(t);
  }
  return parts.join('; ');
}
