export const UI_HELP = 'genlab ui';
export async function uiCommand(_root: string, _argv: string[], _out: (s: string) => void, _err: (s: string) => void): Promise<number> {
  return 0;
}
