/**
 * Table order: the report's `experiments` list ('exp' = all its variants, 'exp/variant' = one),
 * then anything else in ctx.upstream, each key once.
 */
export function orderVariantKeys(refs: readonly string[], keys: readonly string[]): string[] {
  const out: string[] = [];
  for (const ref of refs) {
    const matches = ref.includes('/') ? keys.filter((k) => k === ref) : keys.filter((k) => k.startsWith(`${ref}/`));
    for (const k of matches) if (!out.includes(k)) out.push(k);
  }
  for (const k of keys) if (!out.includes(k)) out.push(k);
  return out;
}
