import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import Chromium from '@sparticuz/chromium';

/**
 * A headless Chromium that `npm ci` alone provides: @sparticuz/chromium ships the browser
 * (Brotli-compressed) inside its npm tarball, so nothing is downloaded at install or run time and
 * no system browser is needed. The shared libraries it needs beyond glibc (NSS, NSPR, expat) come
 * from the same package's al2023.tar.br and are put on LD_LIBRARY_PATH, so a bare Debian with
 * Node.js is enough.
 */
export interface HeadlessChromium {
  executablePath: string;
  /** Environment for the browser process (LD_LIBRARY_PATH with the bundled libraries). */
  env: Record<string, string>;
}

// The package exports only its entry (build/cjs/index.cjs); its bin/ and package.json are three levels up.
const PKG_DIR = resolve(dirname(require.resolve('@sparticuz/chromium')), '..', '..');
const VERSION = (JSON.parse(readFileSync(join(PKG_DIR, 'package.json'), 'utf8')) as { version: string }).version;

/** Unpacks (once per version, atomically: tests run in parallel) and returns the browser. */
export async function headlessChromium(): Promise<HeadlessChromium> {
  const home = join(tmpdir(), `genlab-chromium-${VERSION}`);
  if (!existsSync(join(home, 'chromium')) || !existsSync(join(home, 'al2023', 'lib'))) unpackInto(home, await unpackBrowser());
  return {
    executablePath: join(home, 'chromium'),
    env: { ...stringEnv(), LD_LIBRARY_PATH: [join(home, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') },
  };
}

/** The package unpacks into os.tmpdir(); point that at a private folder while it runs. */
async function unpackBrowser(): Promise<string> {
  const scratch = mkdtempSync(join(tmpdir(), 'genlab-chromium-unpack-'));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  try {
    await Chromium.executablePath(join(PKG_DIR, 'bin'));
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  // The libraries are unpacked by the package only on Amazon Linux; do it for any Linux.
  const lib = join(scratch, 'al2023');
  mkdirSync(lib, { recursive: true });
  writeFileSync(join(scratch, 'al2023.tar'), brotliDecompressSync(readFileSync(join(PKG_DIR, 'bin', 'al2023.tar.br'))));
  const tar = spawnSync('tar', ['-xf', join(scratch, 'al2023.tar'), '-C', lib], { encoding: 'utf8' });
  if (tar.status !== 0) throw new Error(`unpacking ${join(PKG_DIR, 'bin', 'al2023.tar.br')} failed: ${tar.stderr}`);
  rmSync(join(scratch, 'al2023.tar'));
  return scratch;
}

function unpackInto(home: string, scratch: string): void {
  try {
    rmSync(home, { recursive: true, force: true });
    renameSync(scratch, home);
  } catch {
    // Another test process finished first; its copy is as good as ours.
    rmSync(scratch, { recursive: true, force: true });
  }
}

function stringEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
