import { Transform, type TransformCallback } from 'node:stream';

/** Thrown through a stream when a body is longer or shorter than its Content-Length. */
export class BodyLengthError extends Error {
  override name = 'BodyLengthError';
}

/**
 * Passes exactly `size` bytes through and fails otherwise: a body longer than announced is cut
 * off at the first extra byte, one that ends short fails at its end. Either way the storage's
 * `put` sees a stream error and keeps nothing (an upload cut off halfway never becomes an entry).
 */
export function exactLength(size: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      seen += chunk.length;
      if (seen > size) done(new BodyLengthError(`body longer than its Content-Length of ${size} bytes`));
      else done(null, chunk);
    },
    flush(done: TransformCallback) {
      done(seen === size ? null : new BodyLengthError(`body ended after ${seen} of the ${size} bytes its Content-Length announced`));
    },
  });
}
