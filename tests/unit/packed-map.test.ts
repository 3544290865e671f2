import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packedMap } from '../../src/core/packed-map.js';

const builtModule = pathToFileURL(join(import.meta.dirname, '../../dist/core/packed-map.js')).href;

/**
 * Whether the arrays made by Array.prototype.map and by packedMap have holes in V8's eyes, from a function run by
 * the interpreter and then from the same function optimised: V8's internal test functions, in a child process
 * (they need a flag). The built module (globalSetup builds dist/) is the one the bot runs.
 */
function holeyness(): Record<string, boolean> {
  const script = `
    import { packedMap } from ${JSON.stringify(builtModule)};
    const byMap = (items) => items.map((item) => item + 1);
    const byPackedMap = (items) => packedMap(items, (item) => item + 1);
    const result = {};
    // packedMap optimised on its own as well as inlined into its caller.
    for (const [name, make, inner] of [['map', byMap, byMap], ['packedMap', byPackedMap, packedMap]]) {
      %PrepareFunctionForOptimization(make);
      %PrepareFunctionForOptimization(inner);
      result[name + ' interpreted'] = %HasHoleyElements(make([1, 2, 3]));
      make([1, 2, 3]);
      %OptimizeFunctionOnNextCall(inner);
      const alone = inner === make ? make([1, 2, 3]) : inner([1, 2, 3], (item) => item + 1);
      %OptimizeFunctionOnNextCall(make);
      const inlined = make([1, 2, 3]);
      if (!%ActiveTierIsTurbofan(make)) throw new Error(name + ' was not optimised');
      result[name + ' optimised'] = %HasHoleyElements(alone) || %HasHoleyElements(inlined);
    }
    console.log(JSON.stringify(result));`;
  const output = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  return JSON.parse(output) as Record<string, boolean>;
}

describe('packedMap', () => {
  it('gives what Array.prototype.map gives', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.string(), fc.constant(null))), (items) => {
        const f = (item: unknown, index: number) => [item, index];
        expect(packedMap(items, f)).toEqual(items.map(f));
      }),
    );
  });

  it('is packed whether its caller is optimised or not, where V8 makes map holey once optimised', () => {
    // The second half is why packedMap exists (packed-map.ts): were a V8 to make map's result packed in optimised
    // code too, packedMap could go.
    expect(holeyness()).toEqual({
      'map interpreted': false,
      'map optimised': true,
      'packedMap interpreted': false,
      'packedMap optimised': false,
    });
  });
});
