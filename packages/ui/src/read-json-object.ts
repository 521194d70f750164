import { readFileSync } from 'node:fs';

/** A JSON file's top-level object, or null when it is missing, unreadable or not an object. */
export function readJsonObject(file: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
