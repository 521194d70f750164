import { escapeHtml } from '@genlab/report';

export type PageKind = 'runs' | 'run' | 'compare';

/**
 * The HTML shell of a page: no data in it (the page script fetches JSON and listens to events,
 * and writes every string it did not write itself as text), no inline script (the CSP forbids it).
 */
export function pageHtml(kind: PageKind, title: string): string {
  const charts = kind !== 'runs' ? '<script src="/static/vega.js"></script>\n<script src="/static/vega-lite.js"></script>\n' : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} · genlab</title>
<link rel="stylesheet" href="/static/app.css">
${charts}<script src="/static/app.js" defer></script>
</head>
<body data-page="${kind}">
<header><a href="/" class="brand">genlab</a> <nav><a href="/">runs</a> <a href="/compare">compare</a></nav> <span id="live" title="live updates">○ connecting</span></header>
<main id="main"><h1 id="title">${escapeHtml(title)}</h1></main>
</body>
</html>
`;
}
