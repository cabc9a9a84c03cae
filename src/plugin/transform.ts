/** 2×3 affine matrices as Figma writes them ([[a, c, tx], [b, d, ty]]). Pure. */
export type Affine = [[number, number, number], [number, number, number]];

export const IDENTITY: Affine = [
  [1, 0, 0],
  [0, 1, 0],
];

export function multiply(m: Affine, n: Affine): Affine {
  return [
    [m[0][0] * n[0][0] + m[0][1] * n[1][0], m[0][0] * n[0][1] + m[0][1] * n[1][1], m[0][0] * n[0][2] + m[0][1] * n[1][2] + m[0][2]],
    [m[1][0] * n[0][0] + m[1][1] * n[1][0], m[1][0] * n[0][1] + m[1][1] * n[1][1], m[1][0] * n[0][2] + m[1][1] * n[1][2] + m[1][2]],
  ];
}

export function invert(m: Affine): Affine {
  const [[a, c, tx], [b, d, ty]] = m;
  const det = a * d - b * c;
  if (Math.abs(det) < 1e-12) throw new Error("singular transform");
  return [
    [d / det, -c / det, (c * ty - d * tx) / det],
    [-b / det, a / det, (b * tx - a * ty) / det],
  ];
}

/** True when the matrix rotates or skews (anything but a translation, given Figma's unit axes). */
export function isRotated(m: Affine): boolean {
  return Math.abs(m[0][1]) > 1e-9 || Math.abs(m[1][0]) > 1e-9 || m[0][0] < 0 || m[1][1] < 0;
}
