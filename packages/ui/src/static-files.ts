import { dirname, join } from 'node:path';

const CLIENT = join(__dirname, '..', 'client');

/** The only static files the ui serves, by the name in /static/<name>: its page script and styles, and vega from node_modules. */
export const STATIC_FILES: Record<string, string> = {
  'app.js': join(CLIENT, 'app.js'),
  'app.css': join(CLIENT, 'app.css'),
  'vega.js': join(dirname(require.resolve('vega/package.json')), 'build', 'vega.min.js'),
  'vega-lite.js': join(dirname(require.resolve('vega-lite/package.json')), 'build', 'vega-lite.min.js'),
};
