import { describe, expect, it } from 'vitest';
import type { ExperimentSpec } from '@genlab/spec';
import { assignShards, estimatedCost, parseShard, type ShardUnit } from './shard-assignment';

// Specs are only read for model, data.trainLimit and train.epochs here.
function unit(name: string, epochs: number, trainLimit: number | null, latentDim = 8): ShardUnit {
  const spec = {
    data: { trainLimit },
    train: { epochs },
    model: {
      kind: 'gan',
      latentDim,
      generator: [
        { type: 'dense', units: 784, activation: 'tanh' },
        { type: 'reshape', targetShape: [28, 28, 1] },
      ],
      discriminator: [{ type: 'flatten' }, { type: 'dense', units: 1 }],
    },
  } as unknown as ExperimentSpec;
  return { experiment: 'x', variant: name, spec };
}

describe('shard assignment', () => {
  it('parses i/n and refuses anything else, naming what it found', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b', '1/2/3']) expect(() => parseShard(bad)).toThrow(`found '${bad}'`);
  });

  it('estimates cost as FLOPs per image x images x epochs', () => {
    // generator dense 8 -> 784 and discriminator dense 784 -> 1: 2 * (8*784 + 784) forward FLOPs
    const forward = 2 * (8 * 784 + 784);
    expect(estimatedCost(unit('a', 5, 1000).spec)).toBe(3 * forward * 1000 * 5);
    expect(estimatedCost(unit('b', 1, null).spec)).toBe(3 * forward * 60000);
  });

  it('balances by cost, not by count, and every unit lands on exactly one shard', () => {
    const units = [unit('big', 40, 1000), unit('s1', 10, 1000), unit('s2', 10, 1000), unit('s3', 10, 1000), unit('s4', 10, 1000)];
    const shards = assignShards(units, 2);
    expect(shards.map((s) => s.map((u) => u.variant))).toEqual([['big'], ['s1', 's2', 's3', 's4']]);
    expect(
      assignShards(units, 3)
        .flat()
        .map((u) => u.variant)
        .sort(),
    ).toEqual(['big', 's1', 's2', 's3', 's4']);
  });

  it('is stable: the same split whatever order the variants come in', () => {
    const units = [1, 2, 3, 4, 5, 6, 7].map((i) => unit(`v${i}`, (i % 3) + 1, 500 * i));
    const names = (s: ShardUnit[][]) => s.map((x) => x.map((u) => u.variant).sort());
    expect(names(assignShards([...units].reverse(), 3))).toEqual(names(assignShards(units, 3)));
  });

  it('leaves a shard empty when there are fewer units than shards', () => {
    expect(assignShards([unit('only', 1, 100)], 3).map((s) => s.length)).toEqual([1, 0, 0]);
  });
});
