/**
 * The coefficients of P. J. Acklam's rational approximation of Φ⁻¹ (distributions.ts `acklam`),
 * in one place for its two implementations: the JavaScript one and the WebAssembly draw loops
 * (sampler-wasm.ts), which must give the same doubles.
 */
export const A1 = -3.969683028665376e1, A2 = 2.209460984245205e2, A3 = -2.759285104469687e2, A4 = 1.38357751867269e2, A5 = -3.066479806614716e1, A6 = 2.506628277459239;
export const B1 = -5.447609879822406e1, B2 = 1.615858368580409e2, B3 = -1.556989798598866e2, B4 = 6.680131188771972e1, B5 = -1.328068155288572e1;
export const C1 = -7.784894002430293e-3, C2 = -3.223964580411365e-1, C3 = -2.400758277161838, C4 = -2.549732539343734, C5 = 4.374664141464968, C6 = 2.938163982698783;
export const D1 = 7.784695709041462e-3, D2 = 3.224671290700398e-1, D3 = 2.445134137142996, D4 = 3.754408661907416;
/** Below P_LOW (and above 1 − P_LOW) the tail formula applies. */
export const P_LOW = 0.02425;
