/**
 * The L-BFGS two-loop recursion in coefficient space ("vector-free" L-BFGS): with the history's
 * rows b = (s₀, y₀, s₁, y₁, …) and g, H·g is a combination c_g·g + Σ c_r·b_r, and the recursion
 * needs only the rows' inner products with each other and with g. Those few numbers travel with
 * the loss in the evaluation's one read, so the device does one matmul for the products and one
 * for the direction instead of a chain of small reductions per history pair.
 */

/** Inner products of the history rows (row-major, 2k × 2k, symmetric) and of each row with g. */
export interface HistoryProducts {
  /** Curvature pairs held (rows 2i and 2i+1 are sᵢ and yᵢ, oldest first). */
  pairs: number;
  gram: Float64Array;
  withG: Float64Array;
  /** Initial Hessian scale γ = sᵀy / yᵀy of the newest pair. */
  gamma: number;
}

/** Coefficients of H·g: H·g = onG·g + Σ_r onRows[r]·b_r. */
export function twoLoopCoefficients(h: HistoryProducts): { onRows: Float64Array; onG: number } {
  const k = h.pairs;
  const n = 2 * k;
  const c = new Float64Array(n);
  let cg = 1;
  // b_r · (current combination)
  const dotRow = (r: number) => {
    let v = cg * h.withG[r];
    for (let j = 0; j < n; j++) v += c[j] * h.gram[r * n + j];
    return v;
  };
  const rho = (i: number) => 1 / h.gram[2 * i * n + 2 * i + 1];
  const alpha = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    alpha[i] = rho(i) * dotRow(2 * i);
    c[2 * i + 1] -= alpha[i];
  }
  for (let j = 0; j < n; j++) c[j] *= h.gamma;
  cg *= h.gamma;
  for (let i = 0; i < k; i++) {
    const beta = rho(i) * dotRow(2 * i + 1);
    c[2 * i] += alpha[i] - beta;
  }
  return { onRows: c, onG: cg };
}
