// The pages of genlab ui. Every string that comes from the workspace (names, descriptions,
// titles, errors) reaches the page through textContent or an attribute set by the DOM API, never
// as HTML. Updates arrive as server-sent events; nothing here polls.
'use strict';

const $ = (sel, root = document) => root.querySelector(sel);

/** An element with attributes and children (strings become text nodes). */
function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat())
    if (c !== null && c !== undefined) e.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  return e;
}

const fmt = (v, digits) => (v === null || v === undefined ? 'missing' : Number(v).toFixed(digits));
const runPath = (key) => key.split('/').map(encodeURIComponent).join('/');

function live(source) {
  const badge = $('#live');
  source.addEventListener('open', () => {
    badge.textContent = '● live';
    badge.className = 'on';
  });
  source.addEventListener('error', () => {
    badge.textContent = '○ reconnecting';
    badge.className = 'off';
  });
}

// ---- charts: Vega-Lite compiled in the page, drawn by vega as SVG ----

const views = new WeakMap();
async function drawChart(container, vlSpec) {
  views.get(container)?.finalize();
  const spec = vegaLite.compile(vlSpec).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'svg', container, hover: true });
  views.set(container, view);
  await view.runAsync();
  return view;
}

const NOT_LOSSES = new Set(['epoch', 'step', 'steps', 'seconds', 'imagesPerSec']);

/** At most this many points per loss term on the live chart: longer histories are averaged in buckets. */
const MAX_STEP_POINTS = 2000;

/** Loss terms of a row as [name, value] (not its epoch, step, timing). */
const lossTerms = (r) => Object.entries(r).filter(([k, v]) => !NOT_LOSSES.has(k) && typeof v === 'number' && Number.isFinite(v));

/** Every step's losses, or means of consecutive steps when there are more than MAX_STEP_POINTS. */
function stepPoints(steps) {
  const every = Math.max(1, Math.ceil(steps.length / MAX_STEP_POINTS));
  const out = [];
  for (let i = 0; i < steps.length; i += every) {
    const bucket = steps.slice(i, i + every);
    const sums = {};
    for (const r of bucket) for (const [loss, value] of lossTerms(r)) sums[loss] = (sums[loss] ?? 0) + value;
    const step = bucket[bucket.length - 1].step;
    for (const [loss, sum] of Object.entries(sums)) out.push({ step, loss, value: sum / bucket.length, kind: 'step' });
  }
  return { points: out, every };
}

/**
 * The live loss chart of one run: one panel per loss term (their scales differ), over the
 * global step: every step's loss as a thin line (step-losses.jsonl), each epoch's mean as points
 * at the step it ended on (losses.jsonl).
 */
function lossSpec(rows, steps) {
  const perStep = stepPoints(steps);
  const means = rows.flatMap((r) =>
    lossTerms(r).map(([loss, value]) => ({ step: r.step, epoch: r.epoch, loss, value, kind: 'epoch mean' })),
  );
  const x = { field: 'step', type: 'quantitative', title: 'step', axis: { format: 'd', tickMinStep: 1 } };
  const y = { field: 'value', type: 'quantitative', title: 'loss', scale: { zero: false } };
  const label = perStep.every > 1 ? `mean of ${perStep.every} steps` : 'step';
  const color = { field: 'kind', type: 'nominal', title: null, scale: { domain: [label, 'epoch mean'], range: ['#4c78a8', '#e45756'] } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    data: { values: [...perStep.points.map((p) => ({ ...p, kind: label })), ...means] },
    facet: { column: { field: 'loss', type: 'nominal', title: null } },
    spec: {
      width: 260,
      height: 180,
      layer: [
        {
          transform: [{ filter: { field: 'kind', equal: label } }],
          mark: { type: 'line', strokeWidth: 1, opacity: 0.7 },
          encoding: { x, y, color },
        },
        {
          transform: [{ filter: { field: 'kind', equal: 'epoch mean' } }],
          mark: { type: 'line', point: true, tooltip: true },
          encoding: { x, y, color },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  };
}

// ---- the runs page ----

const STAGES = ['data', 'model', 'train', 'sample', 'evaluate'];
const METRICS = [
  ['fid', 'FID ↓', 2],
  ['is', 'IS ↑', 2],
  ['precision', 'precision ↑', 3],
  ['recall', 'recall ↑', 3],
  ['reconstructionMse', 'MSE ↓', 4],
  ['classesCovered', 'classes', 0],
];

function runsPage() {
  const main = $('#main');
  const error = el('pre', { id: 'spec-error', class: 'error', hidden: true });
  const filter = el('input', {
    id: 'filter',
    type: 'search',
    placeholder: 'filter: name, description, state…',
    'aria-label': 'filter runs',
  });
  const compareBtn = el('button', { id: 'compare-selected', type: 'button', disabled: true }, 'compare selected');
  const table = el('table', { id: 'runs' });
  const reports = el('ul', { id: 'reports' });
  main.append(error, el('div', { class: 'toolbar' }, filter, compareBtn), table, el('h2', {}, 'reports'), reports);
  let snapshot = { runs: [], reports: [] };
  let sort = { col: null, dir: 1 };
  const selected = new Set();

  const columns = [
    { id: 'run', label: 'experiment / variant', value: (r) => r.key },
    { id: 'description', label: 'description', value: (r) => r.description },
    {
      id: 'swept',
      label: 'swept',
      value: (r) =>
        Object.entries(r.swept)
          .map(([k, v]) => `${k}=${v}`)
          .join(' '),
    },
    ...STAGES.map((s) => ({ id: s, label: s, value: (r) => stageOf(r, s).state })),
    ...METRICS.map(([id, label]) => ({ id, label, value: (r) => r.metrics[id], numeric: true })),
  ];
  const stageOf = (r, s) => r.stages.find((x) => x.stage === s);

  function render() {
    const q = filter.value.trim().toLowerCase();
    let rows = snapshot.runs.filter(
      (r) => !q || [r.key, r.description, r.kind, ...r.stages.map((s) => `${s.state} ${s.detail}`)].join(' ').toLowerCase().includes(q),
    );
    if (sort.col) {
      const c = columns.find((x) => x.id === sort.col);
      rows = [...rows].sort((a, b) => {
        const x = c.value(a),
          y = c.value(b);
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        return (c.numeric ? x - y : String(x).localeCompare(String(y))) * sort.dir;
      });
    }
    const head = el(
      'tr',
      {},
      el('th', {}, ''),
      ...columns.map((c) =>
        el(
          'th',
          {
            'data-col': c.id,
            class: sort.col === c.id ? (sort.dir > 0 ? 'asc' : 'desc') : '',
            onclick: () => {
              sort = { col: c.id, dir: sort.col === c.id ? -sort.dir : 1 };
              render();
            },
          },
          c.label,
        ),
      ),
    );
    const body = rows.map((r) =>
      el(
        'tr',
        { 'data-run': r.key },
        el(
          'td',
          {},
          el('input', {
            type: 'checkbox',
            'aria-label': `select ${r.key}`,
            checked: selected.has(r.key),
            onchange: (e) => {
              e.target.checked ? selected.add(r.key) : selected.delete(r.key);
              compareBtn.disabled = selected.size === 0;
            },
          }),
        ),
        el('td', { class: 'run' }, el('a', { href: `/runs/${runPath(r.key)}` }, r.key), ' ', el('span', { class: 'kind' }, r.kind)),
        el('td', { class: 'description' }, r.description),
        el(
          'td',
          { class: 'swept' },
          Object.entries(r.swept)
            .map(([k, v]) => `${k} = ${v}`)
            .join(', '),
        ),
        ...STAGES.map((s) => {
          const st = stageOf(r, s);
          return el(
            'td',
            { class: `stage state-${st.state}`, 'data-stage': s, 'data-state': st.state, title: st.detail },
            st.state,
            st.detail ? el('small', {}, st.detail) : null,
          );
        }),
        ...METRICS.map(([id, , digits]) =>
          el('td', { class: 'num', 'data-metric': id }, r.metrics[id] === null ? '' : fmt(r.metrics[id], digits)),
        ),
      ),
    );
    table.replaceChildren(el('thead', {}, head), el('tbody', {}, body));
    reports.replaceChildren(
      ...snapshot.reports.map((p) =>
        el(
          'li',
          { 'data-report': p.name },
          p.state === 'missing' ? el('span', {}, p.title) : el('a', { href: `/reports/${encodeURIComponent(p.name)}/` }, p.title),
          ` (${p.name}, ${p.state}) `,
          el('small', {}, p.description),
        ),
      ),
    );
  }

  filter.addEventListener('input', render);
  compareBtn.addEventListener('click', () => {
    location.href = `/compare?${[...selected].map((k) => `run=${encodeURIComponent(k)}`).join('&')}`;
  });
  const events = new EventSource('/api/events');
  live(events);
  events.addEventListener('runs', (e) => {
    snapshot = JSON.parse(e.data);
    error.hidden = !snapshot.specError;
    error.textContent = snapshot.specError ? `The specs do not load:\n${snapshot.specError}` : '';
    render();
  });
}

// ---- the live training page of one run ----

function runPage() {
  const key = decodeURIComponent(location.pathname.replace(/^\/runs\//, '')).replace(/\/+$/, '');
  const [name, variant] = key.split('/');
  const main = $('#main');
  const state = el('p', { id: 'run-state' }, '…');
  const chart = el('div', { id: 'loss-chart', 'data-rows': 0, 'data-steps': 0 });
  const slider = el('input', { id: 'epoch-slider', type: 'range', min: 0, max: 0, value: 0, disabled: true, 'aria-label': 'epoch' });
  const epochLabel = el('span', { id: 'epoch-label' }, 'no grid yet');
  const img = el('img', { id: 'grid', alt: 'sample grid', hidden: true });
  main.append(
    state,
    el('h2', {}, 'losses'),
    chart,
    el('h2', {}, 'samples during training'),
    el('div', { class: 'slider' }, slider, epochLabel),
    img,
  );

  let rows = []; // losses.jsonl: one per epoch
  let steps = []; // step-losses.jsonl: one per step
  const grids = []; // [{epoch, url}] sorted
  // Draws at most once at a time, with whatever arrived meanwhile (steps land faster than vega draws).
  let drawing = null;
  let again = false;
  const redraw = () => {
    if (drawing) {
      again = true;
      return;
    }
    drawing = (async () => {
      do {
        again = false;
        if (rows.length === 0 && steps.length === 0) continue;
        const [r, s] = [rows, steps];
        await drawChart(chart, lossSpec(r, s));
        chart.setAttribute('data-rows', String(r.length));
        chart.setAttribute('data-steps', String(s.length));
        chart.setAttribute('data-last-step', String(s.length > 0 ? s[s.length - 1].step : 0));
      } while (again);
      drawing = null;
    })();
  };
  const showGrid = (i) => {
    const g = grids[i];
    if (!g) return;
    img.src = g.url;
    img.hidden = false;
    img.setAttribute('data-epoch', String(g.epoch));
    epochLabel.textContent = `epoch ${g.epoch} (${i + 1} of ${grids.length})`;
  };
  slider.addEventListener('input', () => showGrid(Number(slider.value)));

  const events = new EventSource(`/api/runs/${encodeURIComponent(name)}/${encodeURIComponent(variant)}/events`);
  live(events);
  events.addEventListener('reset', () => {
    rows = [];
    steps = [];
    grids.length = 0;
  });
  events.addEventListener('losses', (e) => {
    rows = rows.concat(JSON.parse(e.data));
    redraw();
  });
  events.addEventListener('steps', (e) => {
    steps = steps.concat(JSON.parse(e.data));
    redraw();
  });
  events.addEventListener('grid', (e) => {
    const g = JSON.parse(e.data);
    const following = Number(slider.value) === grids.length - 1 || grids.length === 0;
    const known = grids.findIndex((x) => x.epoch === g.epoch);
    if (known >= 0) {
      // The same epoch at a new address (the training finished: its artifact took over).
      grids[known] = g;
      if (Number(slider.value) === known) showGrid(known);
      return;
    }
    grids.push(g);
    grids.sort((a, b) => a.epoch - b.epoch);
    slider.max = String(grids.length - 1);
    slider.disabled = grids.length < 2;
    slider.setAttribute('data-epochs', grids.map((x) => x.epoch).join(','));
    // Follow the newest epoch unless the reader moved the slider back.
    if (following) {
      slider.value = String(grids.length - 1);
      showGrid(grids.length - 1);
    }
  });
  // The stage states of this run come with the runs table's events.
  const runs = new EventSource('/api/events');
  runs.addEventListener('runs', (e) => {
    const r = JSON.parse(e.data).runs.find((x) => x.key === key);
    if (!r) {
      state.textContent = 'not in the workspace specs (showing its artifacts)';
      return;
    }
    state.replaceChildren(
      ...r.stages.map((s) =>
        el(
          'span',
          { class: `stage state-${s.state}`, 'data-stage': s.stage, 'data-state': s.state },
          `${s.stage}: ${s.state}${s.detail ? ` (${s.detail})` : ''}`,
        ),
      ),
    );
    if (r.description) state.append(el('span', { class: 'description' }, r.description));
  });
}

// ---- the compare page ----

async function comparePage() {
  const params = new URLSearchParams(location.search);
  const keys = params.getAll('run');
  const main = $('#main');
  if (keys.length === 0) {
    main.append(
      el('p', {}, 'Pick runs to compare on the '),
      el('a', { href: '/' }, 'runs page'),
      el('p', {}, 'or add ?run=<experiment>[/<variant>] to this address.'),
    );
    return;
  }
  $('#live').textContent = 'snapshot of the artifacts';
  const res = await fetch(`/api/compare?${params}`);
  const data = await res.json();
  if (!res.ok) {
    main.append(el('p', { class: 'error', id: 'compare-error' }, data.error));
    return;
  }
  const t = data.table;
  const baseline = el(
    'select',
    { id: 'baseline', 'aria-label': 'baseline' },
    ...t.rows.map((r) => el('option', { value: r.key, selected: r.key === t.baseline }, r.key)),
  );
  baseline.addEventListener('change', () => {
    params.set('baseline', baseline.value);
    location.search = params.toString();
  });
  const head = el(
    'tr',
    {},
    el('th', {}, 'metric'),
    ...t.rows.map((r) => el('th', { 'data-run': r.key }, r.key, r.key === t.baseline ? el('small', {}, ' baseline') : null)),
  );
  const body = t.metrics.map((m) =>
    el(
      'tr',
      { 'data-metric': m.id },
      el('th', {}, `${m.label} ${m.better === 'lower' ? '↓' : '↑'}`),
      ...t.rows.map((r) => {
        const c = r.cells[m.id];
        const delta =
          c.delta === null
            ? null
            : el(
                'span',
                { class: `delta ${c.better === null ? '' : c.better ? 'better' : 'worse'}` },
                ` ${c.delta > 0 ? '+' : c.delta < 0 ? '−' : '±'}${Math.abs(c.delta).toFixed(m.digits)}${c.relative === null ? '' : ` (${(c.relative * 100).toFixed(1)}%)`}`,
              );
        return el(
          'td',
          { class: `num${c.value === null ? ' missing' : ''}`, 'data-run': r.key, 'data-delta': c.delta === null ? '' : c.delta },
          fmt(c.value, m.digits),
          delta,
        );
      }),
    ),
  );
  const notes = t.rows.filter((r) => r.note).map((r) => el('li', {}, `${r.key}: ${r.note}`));
  main.append(
    el('p', {}, 'baseline: ', baseline),
    el('table', { id: 'compare' }, el('thead', {}, head), el('tbody', {}, body)),
    notes.length ? el('ul', {}, notes) : '',
  );

  if (data.lossChart) {
    const c = el('div', { id: 'compare-losses' });
    main.append(el('h2', {}, 'losses'), c);
    await drawChart(c, data.lossChart);
  }
  const epochs = [...new Set(Object.values(data.grids).flatMap((g) => Object.keys(g).map(Number)))].sort((a, b) => a - b);
  if (epochs.length > 0) {
    const pick = el(
      'select',
      { id: 'grid-epoch', 'aria-label': 'epoch' },
      ...epochs.map((e) => el('option', { value: e, selected: e === epochs[epochs.length - 1] }, `epoch ${e}`)),
    );
    const row = el('div', { class: 'grids' });
    const show = () =>
      row.replaceChildren(
        ...t.rows.map((r) => {
          const url = data.grids[r.key]?.[pick.value];
          return el(
            'figure',
            { 'data-run': r.key },
            url ? el('img', { src: url, alt: `${r.key} epoch ${pick.value}` }) : el('div', { class: 'missing' }, 'no grid at this epoch'),
            el('figcaption', {}, r.key),
          );
        }),
      );
    pick.addEventListener('change', show);
    show();
    main.append(el('h2', {}, 'samples at the same epoch'), el('p', {}, pick), row);
  }
  if (data.sweepChart) {
    const c = el('div', { id: 'sweep-chart' });
    main.append(el('h2', {}, `metrics against ${data.sweptField}`), c);
    await drawChart(c, data.sweepChart);
  }
  document.body.setAttribute('data-ready', '1');
}

const page = document.body.dataset.page;
if (page === 'runs') runsPage();
else if (page === 'run') runPage();
else if (page === 'compare') comparePage().catch((err) => $('#main').append(el('p', { class: 'error' }, String(err))));
