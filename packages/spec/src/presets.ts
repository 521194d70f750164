import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// Presets are partial experiment YAML files shipped with this package (presets/*.yaml); an
// experiment names one with `preset:` and overrides only what it changes.
const PRESET_DIR = join(__dirname, '..', 'presets');

export function presetNames(): string[] {
  return readdirSync(PRESET_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

export function loadPreset(name: string): Record<string, unknown> | undefined {
  if (!presetNames().includes(name)) return undefined;
  return parse(readFileSync(join(PRESET_DIR, `${name}.yaml`), 'utf8')) as Record<string, unknown>;
}

/** Mappings merge key by key; lists and scalars from `over` replace those of `base`. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return structuredClone(over);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? deepMerge(out[k], v) : structuredClone(v);
  return out;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
