// A CLI command lives for a second or two, so V8's defaults for long-running processes cost more than they save
// (`npm start` keeps them; measured in docs/benchmarks.md, "CLI start"):
// - optimising the embedded PostgreSQL's WebAssembly in the background: 4.2 s against 2.6 s CPU for `stats`
//   on the demo, and 90 MB; the baseline compiler is enough. Set at run time, `--liftoff-only` no longer stops it
//   on Node 24 (`stats` 4.2 s against 1.3 s): a tiering budget no command reaches does;
// - validating all of a WebAssembly module up front: a command runs a small part of PGlite's 8.7 MB;
//   each function is still validated, when first compiled;
// - optimising JavaScript after 66 kB of bytecode budget: code that runs briefly (module set-up, the first
//   queries) was optimised in the background for nothing. At 16× only what stays hot is, such as the
//   analyses' loops (optimising nothing made `predict` 2.3× slower). V8 12 (Node 22) replaced the budget with
//   invocation counts, and an unknown flag prints an error on every command.

/** The V8 flags a CLI process sets as it starts, for the V8 it runs on (`process.versions.v8`). */
export function shortLivedV8Flags(v8Version: string): string[] {
  const flags = ['--liftoff-only', '--wasm-tiering-budget=2000000000', '--wasm-lazy-validation'];
  if (Number.parseInt(v8Version, 10) < 12) flags.push(`--interrupt-budget=${16 * 66 * 1024}`);
  return flags;
}
