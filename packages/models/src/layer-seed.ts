/**
 * Seed of one layer's initialiser, from the experiment seed, the network name and the layer
 * index: the same spec always gives the same weights, and no two layers share a stream.
 * (FNV-1a over the parts, then a murmur3 finaliser; a uint31 so tfjs' seedrandom takes it.)
 */
export function layerSeed(seed: number, network: string, index: number | string): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed >>> 0}|${network}|${index}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 1;
}
