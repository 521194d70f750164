// Paper 3.8.2 and 4: "the [VAE's] generated images appear to be more blurry and less sharp".
// Blur is a loss of high spatial frequencies, so we measure the two classic focus statistics of
// each image and average them over a set: the variance of its Laplacian (Pech-Pacheco et al.
// 2000) and its mean gradient magnitude. A set is compared with real test images by the ratio
// of the means (1 = as sharp as real digits, < 1 = blurrier).

const UNIT = 1 / 255;

export interface Sharpness {
  /** Mean over images of the variance of the 4-neighbour Laplacian over interior pixels, pixels in [0, 1]. */
  laplacianVariance: number;
  /** Mean over images of the mean forward-difference gradient magnitude sqrt(dx^2 + dy^2), pixels in [0, 1]. */
  gradientMagnitude: number;
}

/** Both statistics of `count` row-major uint8 images of side x side pixels (MNIST: 28). */
export function sharpness(images: Uint8Array, count: number, side = 28): Sharpness {
  const pixels = side * side;
  if (count < 1 || side < 3 || images.length < count * pixels) {
    throw new RangeError(
      `sharpness: expected ${count} images of ${side}x${side} (${count * pixels} values, side >= 3), found ${images.length}`,
    );
  }
  let lapSum = 0;
  let gradSum = 0;
  for (let n = 0; n < count; n++) {
    const o = n * pixels;
    const at = (y: number, x: number) => images[o + y * side + x] * UNIT;
    // Laplacian over the (side-2)^2 interior pixels: its variance, not its mean (which is ~0).
    let s = 0;
    let s2 = 0;
    for (let y = 1; y < side - 1; y++) {
      for (let x = 1; x < side - 1; x++) {
        const l = 4 * at(y, x) - at(y - 1, x) - at(y + 1, x) - at(y, x - 1) - at(y, x + 1);
        s += l;
        s2 += l * l;
      }
    }
    const m = (side - 2) * (side - 2);
    lapSum += s2 / m - (s / m) * (s / m);
    // Forward differences over the (side-1)^2 pixels that have a right and a lower neighbour.
    let g = 0;
    for (let y = 0; y < side - 1; y++) {
      for (let x = 0; x < side - 1; x++) {
        const dx = at(y, x + 1) - at(y, x);
        const dy = at(y + 1, x) - at(y, x);
        g += Math.sqrt(dx * dx + dy * dy);
      }
    }
    gradSum += g / ((side - 1) * (side - 1));
  }
  return { laplacianVariance: lapSum / count, gradientMagnitude: gradSum / count };
}

/** Samples' sharpness over real images' (1 = as sharp as real data; < 1 = blurrier). */
export function sharpnessRatio(samples: Sharpness, real: Sharpness): Sharpness {
  return {
    laplacianVariance: samples.laplacianVariance / real.laplacianVariance,
    gradientMagnitude: samples.gradientMagnitude / real.gradientMagnitude,
  };
}
