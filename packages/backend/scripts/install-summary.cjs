// The root package's postinstall: after `npm ci` / `npm install`, one line per optional part of
// genlab's backends, so what a new user reads is what they got. npm hides the install scripts'
// own output (the native build's), so this reads what they recorded. Never fails the install.
'use strict';
const fs = require('fs');
const path = require('path');

const backend = path.join(__dirname, '..');
const nativeBuild = path.join(backend, '..', 'backend-native', 'build');

function read(file) {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

function nativeLine() {
  if (fs.existsSync(path.join(nativeBuild, 'Release', 'genlab_native.node'))) {
    return read(path.join(nativeBuild, 'built.txt')) ?? 'genlab native kernels built';
  }
  const why = read(path.join(nativeBuild, 'not-built.txt')) ?? 'the install script of @genlab/backend-native did not run';
  return `genlab native kernels not built (wasm will be used): ${why}`;
}

function installed(pkg) {
  try {
    return JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`, { paths: [backend] }), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function gpuLine() {
  const pin = JSON.parse(fs.readFileSync(path.join(backend, 'package.json'), 'utf8')).peerDependencies['@tensorflow/tfjs-node-gpu'];
  const version = installed('@tensorflow/tfjs-node-gpu');
  if (version)
    return `genlab GPU bindings: @tensorflow/tfjs-node-gpu ${version} installed; \`genlab setup gpu\` verifies them before backend auto uses them`;
  return `genlab GPU bindings not installed (optional): on an NVIDIA GPU machine, \`npx genlab setup gpu\` installs @tensorflow/tfjs-node-gpu ${pin} and verifies it`;
}

try {
  console.log(nativeLine());
  console.log(gpuLine());
} catch (err) {
  console.log(`genlab install summary failed: ${err && err.message ? err.message.split('\n')[0] : String(err)}`);
}
