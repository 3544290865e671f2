// A regression's design matrix stored by rows, for the effect model (effect-model.ts), whose terms are mostly
// indicators: each video has one arm per dimension (entry 1) and a few covariates. Only a row's nonzero terms are
// stored, its arms first. The two passes below run over every row at every EM step and are most of a fit's time on
// a large channel; knowing the arms' entries are 1, they skip empty slots and multiplications by 1, which change no
// result (x·1 = x exactly), so the figures are those of the plain dense computation (tests/unit/design-rows.test.ts).

export interface DesignRows {
  rows: number;
  /** Parameters (columns). */
  size: number;
  /**
   * Row i's terms are `rowStarts[i]` … `rowStarts[i + 1] − 1`, columns increasing: its arms (entry 1) up to
   * `armEnds[i]`, then its nonzero covariates.
   */
  rowStarts: Int32Array;
  armEnds: Int32Array;
  columns: Int32Array;
  /** Each term's value (1 for an arm, never read). */
  entries: Float64Array;
  /** The response y. */
  values: Float64Array;
  /** Per row: its precision weight d_i. */
  precisions: Float64Array;
}

/**
 * XᵀWX / σ² and XᵀWy / σ² (W: t weight × precision weight): the data's part of the posterior precision. Written
 * over `into` when given (an EM step's arrays, reused by the next step).
 */
export function dataPrecision(
  model: DesignRows,
  weights: Float64Array,
  noiseVariance: number,
  into?: { precision: Float64Array; right: Float64Array },
): { precision: Float64Array; right: Float64Array } {
  const { rows, size, rowStarts, armEnds, columns, entries, values, precisions } = model;
  const precision = into?.precision.fill(0) ?? new Float64Array(size * size);
  const right = into?.right.fill(0) ?? new Float64Array(size);
  // A row's columns increase (dimensions in order, covariates last), so each pair is added once, to the upper
  // triangle, and mirrored below.
  for (let i = 0; i < rows; i++) {
    const weight = ((weights[i] as number) * (precisions[i] as number)) / noiseVariance;
    const value = values[i] as number;
    const weightedValue = weight * value;
    const armEnd = armEnds[i] as number;
    const end = rowStarts[i + 1] as number;
    for (let p = rowStarts[i] as number; p < armEnd; p++) {
      const column = columns[p] as number;
      right[column] = (right[column] as number) + weightedValue;
      const row = column * size;
      // Four arms a pass (a row's columns differ, so no two of them add to one entry): the same additions, a fifth
      // of the pass' time saved in loop checks. This pass runs over every row at every EM step.
      let q = p;
      for (; q + 3 < armEnd; q += 4) {
        const first = row + (columns[q] as number);
        const second = row + (columns[q + 1] as number);
        const third = row + (columns[q + 2] as number);
        const fourth = row + (columns[q + 3] as number);
        precision[first] = (precision[first] as number) + weight;
        precision[second] = (precision[second] as number) + weight;
        precision[third] = (precision[third] as number) + weight;
        precision[fourth] = (precision[fourth] as number) + weight;
      }
      for (; q < armEnd; q++) {
        const other = row + (columns[q] as number);
        precision[other] = (precision[other] as number) + weight;
      }
      for (let q = armEnd; q < end; q++) {
        const other = row + (columns[q] as number);
        precision[other] = (precision[other] as number) + weight * (entries[q] as number);
      }
    }
    for (let p = armEnd; p < end; p++) {
      const column = columns[p] as number;
      const weighted = weight * (entries[p] as number);
      right[column] = (right[column] as number) + weighted * value;
      const row = column * size;
      for (let q = p; q < end; q++) {
        const other = row + (columns[q] as number);
        precision[other] = (precision[other] as number) + weighted * (entries[q] as number);
      }
    }
  }
  for (let p = 0; p < size; p++) {
    for (let q = p + 1; q < size; q++) precision[q * size + p] = precision[p * size + q] as number;
  }
  return { precision, right };
}

/** E[(y_i − x_iβ)²] under the posterior, per row: the squared residual of the mean plus x_i S x_iᵀ. */
export function expectedSquaredResiduals(
  model: DesignRows,
  mean: Float64Array,
  covariance: Float64Array,
  into: Float64Array,
): void {
  const { rows, size, rowStarts, armEnds, columns, entries, values } = model;
  for (let i = 0; i < rows; i++) {
    const armEnd = armEnds[i] as number;
    const end = rowStarts[i + 1] as number;
    let fitted = 0;
    let spread = 0;
    for (let p = rowStarts[i] as number; p < armEnd; p++) {
      const column = columns[p] as number;
      fitted += mean[column] as number;
      const row = column * size;
      spread += covariance[row + column] as number;
      for (let q = p + 1; q < armEnd; q++) spread += 2 * (covariance[row + (columns[q] as number)] as number);
      for (let q = armEnd; q < end; q++)
        spread += 2 * (entries[q] as number) * (covariance[row + (columns[q] as number)] as number);
    }
    for (let p = armEnd; p < end; p++) {
      const column = columns[p] as number;
      const entry = entries[p] as number;
      fitted += entry * (mean[column] as number);
      const row = column * size;
      spread += entry * entry * (covariance[row + column] as number);
      for (let q = p + 1; q < end; q++)
        spread += 2 * entry * (entries[q] as number) * (covariance[row + (columns[q] as number)] as number);
    }
    into[i] = ((values[i] as number) - fitted) ** 2 + spread;
  }
}
