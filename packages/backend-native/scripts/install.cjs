// Builds the native kernels at `npm ci` / `npm install`. It never fails the install: when oneDNN's
// headers, a C++ compiler or node's headers are missing, or the build fails, it prints one line
// saying why, records that line in build/not-built.txt (initBackend('native') reports it), and
// exits 0, so genlab falls back to wasm. Uses npm's bundled node-gyp, which works offline.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const buildDir = path.join(root, 'build');
const STATUS = path.join(buildDir, 'not-built.txt');
const BUILT = path.join(buildDir, 'built.txt');
const LOG = path.join(buildDir, 'install.log');

function notBuilt(reason) {
  fs.mkdirSync(buildDir, { recursive: true });
  fs.rmSync(path.join(buildDir, 'Release'), { recursive: true, force: true }); // never load a stale build
  fs.rmSync(BUILT, { force: true });
  fs.writeFileSync(STATUS, reason + '\n');
  console.log(`genlab native kernels not built (wasm will be used): ${reason}`);
  process.exit(0);
}

/** A folder holding oneapi/dnnl/dnnl.hpp, and the library folder beside it. */
function findDnnl() {
  // An explicit GENLAB_DNNL_ROOT is the only place looked at.
  const prefixes = process.env.GENLAB_DNNL_ROOT ? [process.env.GENLAB_DNNL_ROOT] : ['/usr', '/usr/local', '/opt/homebrew', '/opt/local'];
  for (const prefix of prefixes) {
    const include = path.join(prefix, 'include');
    if (fs.existsSync(path.join(include, 'oneapi', 'dnnl', 'dnnl.hpp'))) {
      const multiarch = path.join(prefix, 'lib', `${process.arch === 'x64' ? 'x86_64' : 'aarch64'}-linux-gnu`);
      return { include, lib: fs.existsSync(multiarch) ? multiarch : path.join(prefix, 'lib') };
    }
  }
  return undefined;
}

function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((p) => p && fs.existsSync(p));
}

function main() {
  if (process.env.GENLAB_SKIP_NATIVE) notBuilt('GENLAB_SKIP_NATIVE is set');
  const dnnl = findDnnl();
  if (!dnnl)
    notBuilt(
      'oneDNN headers not found (oneapi/dnnl/dnnl.hpp under /usr, /usr/local, /opt/homebrew or $GENLAB_DNNL_ROOT); install libdnnl-dev (Debian/Ubuntu) or onednn (Homebrew)',
    );
  const cxx = process.env.CXX || 'c++';
  if (spawnSync(cxx, ['--version'], { stdio: 'ignore' }).status !== 0)
    notBuilt(`no C++ compiler (${cxx} --version failed); install g++ or clang`);
  const gyp = nodeGyp();
  if (!gyp) notBuilt("npm's bundled node-gyp not found");
  const args = [gyp, 'rebuild', '-j', 'max'];
  const env = { ...process.env, GENLAB_DNNL_INCLUDE: dnnl.include, GENLAB_DNNL_LIB: dnnl.lib };
  // The running node's own headers where it has them (/usr/include/node of a distribution's
  // node, include/node of the npm registry's node-linux-* packages) instead of downloading
  // them. node-gyp lets npm_config_nodedir (an npmrc's nodedir, set for another node) override
  // --nodedir, so that is set to the same folder.
  const nodedir = path.join(path.dirname(process.execPath), '..');
  if (fs.existsSync(path.join(nodedir, 'include', 'node', 'node_api.h'))) {
    args.push(`--nodedir=${nodedir}`);
    for (const k of Object.keys(env)) if (/^npm_config_nodedir$/i.test(k)) delete env[k];
    env.npm_config_nodedir = nodedir;
  }
  const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8' });
  fs.mkdirSync(buildDir, { recursive: true });
  fs.writeFileSync(LOG, `${r.stdout ?? ''}\n${r.stderr ?? ''}`);
  if (r.status !== 0) {
    const firstError = `${r.stderr ?? ''}`.split('\n').find((l) => /error/i.test(l)) ?? `node-gyp exited with ${r.status}`;
    notBuilt(`build failed: ${firstError.trim()} (full log: ${path.relative(process.cwd(), LOG)})`);
  }
  fs.rmSync(STATUS, { force: true });
  const line = `genlab native kernels built (oneDNN from ${dnnl.include})`;
  fs.writeFileSync(BUILT, line + '\n'); // for the install summary (npm hides this script's output)
  console.log(line);
}

try {
  main();
} catch (err) {
  notBuilt(`install script error: ${err && err.message ? err.message.split('\n')[0] : String(err)}`);
}
