import { SpecError, loadWorkspaceLenient, type BrokenSpec, type Workspace } from '@genlab/spec';

/**
 * The workspace for a command about `names`: one broken spec elsewhere does not stop it. A
 * broken spec among `names` (or one they depend on, which makes them broken too) is the
 * command's error, with every problem at file:line:col; any other broken spec is one warning.
 */
export function loadWorkspaceFor(root: string, names: string[], warn?: (s: string) => void): Workspace {
  const { ws, broken } = loadWorkspaceLenient(root);
  const mine = broken.filter((b) => names.includes(b.name));
  if (mine.length > 0) throw new SpecError(mine.flatMap((b) => b.issues));
  if (broken.length > 0 && warn) warn(`${brokenWarning(broken)}\n`);
  return ws;
}

/** One line naming every spec left out, and how to see why. */
export function brokenWarning(broken: BrokenSpec[]): string {
  const files = broken.map((b) => b.file).join(', ');
  return `genlab: warning: ${broken.length} invalid spec(s) left out: ${files} (genlab validate${broken.length === 1 ? ` ${broken[0].file}` : ''} shows why)`;
}
