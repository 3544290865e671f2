// `items.map(f)` whose result has one shape in every run. V8 gives Array.prototype.map's result two internal
// shapes: packed when the builtin runs it, holey ("may have gaps") when the calling function is optimised and the
// map is inlined into it. Optimised code that reads such an array was compiled for the shape it saw; the other one
// throws it back to the interpreter ("wrong map"), and it is compiled again later. In the 10,000-video analysis the
// arrays its passes read took turns between the two shapes from run to run: EM's step alone was deoptimised 2–4
// times an analysis (docs/benchmarks.md, speed10k). Built by push from an empty array, the result is packed always.

/** `items.map(f)`, always a packed array (see the file comment): for arrays that hot loops read. */
export function packedMap<T, U>(items: readonly T[], f: (item: T, index: number) => U): U[] {
  const result: U[] = [];
  for (let index = 0; index < items.length; index++) result.push(f(items[index] as T, index));
  return result;
}
