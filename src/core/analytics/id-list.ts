/**
 * Integer ids appended one by one, in an Int32Array doubled when full: a number[] of the ~130,000 term ids of
 * 10,000 titles was regrown several times over and then copied into an Int32Array.
 */
export class IdList {
  values = new Int32Array(1024);
  length = 0;

  push(id: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = id;
  }
}
