// KeyForge playground: the board drawn by the server (render's SVG, /api/render), swaps answered with
// exact metrics (/api/swap), compare, Improve over Server-Sent Events, share and export. No framework,
// no inline script; nodes are built with createElement, never from HTML strings.
import { $, api, element, fixed, parseSVG } from './play-util.js';
import { downloadExport, savePicture } from './play-files.js';
import { findUpload, isUploadID, showImportNotes, wireImport } from './play-import.js';
import { wireImprove } from './play-improve.js';
import { showComparison, showMetrics } from './play-report.js';
import { extrasOf, fillLayerPicker, fillMagicTable, openKeyEditor, showLayerLegends, showLayerMetrics, wireLayers } from './play-layers.js';

const state = {
  keyboard: 'corne', corpus: 'text/en_std', rubric: null, heat: 'usage',
  layout: '', start: '', report: null, startReport: null,
  layers: {}, magic: {}, startExtras: { layers: {}, magic: {} }, view: 'base',
  pins: new Set(), undo: [], redo: [], selected: null,
  layouts: [], boards: [], rubricParameters: [],
  search: null, result: null, busy: 0,
};
let queue = Promise.resolve();
let drawSequence = 0;

function setStatus(text, kind) {
  const pill = $('status');
  pill.textContent = text;
  pill.dataset.state = kind || 'ready';
}

function problem(message) {
  const node = $('problem');
  node.hidden = !message;
  node.textContent = message || '';
}

function assets(extra) {
  const body = { keyboard: state.keyboard, corpus: state.corpus };
  if (state.rubric) body.rubric = state.rubric;
  return Object.assign(body, extra || {});
}

// Everything that changes state goes through this queue, so answers apply in the order asked.
function enqueue(work) {
  queue = queue.then(async () => {
    state.busy += 1;
    document.body.dataset.busy = String(state.busy);
    setStatus('working', 'busy');
    try {
      await work();
      problem('');
    } catch (error) {
      problem(error.message);
    } finally {
      state.busy -= 1;
      document.body.dataset.busy = String(state.busy);
      if (state.busy === 0 && $('status').dataset.state === 'busy') setStatus('ready');
    }
  });
  return queue;
}

// ---- the URL: board, corpus, layout, start, pins and heat, so a link reopens the same state

function writeURL() {
  const params = new URLSearchParams();
  params.set('keyboard', state.keyboard);
  params.set('corpus', state.corpus);
  params.set('layout', state.layout);
  for (const [name, value] of Object.entries(extrasOf(state))) params.set(name, JSON.stringify(value));
  if (state.start !== state.layout || !sameExtras(state.startExtras, state)) {
    params.set('start', state.start);
    for (const [name, value] of Object.entries(extrasOf(state.startExtras))) params.set('start_' + name, JSON.stringify(value));
  }
  if (state.pins.size) params.set('pins', [...state.pins].sort((a, b) => a - b).join(','));
  if (state.heat !== 'usage') params.set('heat', state.heat);
  if (state.rubric) params.set('rubric', JSON.stringify(state.rubric));
  history.replaceState(null, '', '/play?' + params.toString());
}

function readURL() {
  const params = new URLSearchParams(location.search);
  const pins = (params.get('pins') || '').split(',').filter((x) => /^\d+$/.test(x)).map(Number);
  let rubric = null;
  try { rubric = params.get('rubric') ? JSON.parse(params.get('rubric')) : null; } catch (_) { rubric = null; }
  const object = (name) => {
    try {
      const value = JSON.parse(params.get(name) || '{}');
      return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
    } catch (_) { return {}; }
  };
  return { keyboard: params.get('keyboard'), corpus: params.get('corpus'), layout: params.get('layout'),
           start: params.get('start'), pins, heat: params.get('heat'), rubric,
           layers: object('layers'), magic: object('magic'), startLayers: object('start_layers'), startMagic: object('start_magic') };
}

// ---- the design: base layout string, layers and magic rules (play-layers.js)

function snapshot() {
  return { layout: state.layout, layers: Object.assign({}, state.layers), magic: Object.assign({}, state.magic) };
}

function sameExtras(a, b) {
  return JSON.stringify(extrasOf(a)) === JSON.stringify(extrasOf(b));
}

// A new layout or board: the default shift layer stays, layers at key positions and rules go.
function resetExtras() {
  state.layers = state.layers.shift === 'default' ? { shift: 'default' } : {};
  state.magic = {};
  state.startExtras = { layers: Object.assign({}, state.layers), magic: {} };
  state.view = 'base';
}

// Analyzes `next` ({layout, layers, magic}) and makes it the current state, one undoable step.
function commit(next) {
  return enqueue(async () => {
    let report;
    try { report = await analyze(next.layout, next); } catch (error) {
      fillLayerPicker(app);
      fillMagicTable(app);
      throw error;
    }
    state.undo.push(snapshot());
    state.redo = [];
    state.layout = report.layout;
    state.layers = next.layers;
    state.magic = next.magic;
    state.report = report;
    writeURL();
    showReport();
    await draw();
  });
}

// ---- the board: render's SVG from the server, keys found by their data-key

function keyIndex(node) {
  const key = node && node.closest ? node.closest('g.key') : null;
  return key && key.closest('#board') ? Number(key.dataset.key) : null;
}

function keyAt(x, y) {
  return keyIndex(document.elementFromPoint(x, y));
}

function decorate() {
  for (const key of $('board').querySelectorAll('g.key')) {
    const index = Number(key.dataset.key);
    key.classList.toggle('pinned', state.pins.has(index));
    key.classList.toggle('selected', state.selected === index);
    key.setAttribute('aria-label', 'key ' + index + (state.pins.has(index) ? ' (pinned)' : ''));
  }
}

async function fetchSVG(layout, options) {
  const params = new URLSearchParams({ keyboard: state.keyboard, corpus: state.corpus, layout: layout,
                                       heat: (options && options.heat) || state.heat });
  if (state.rubric) params.set('rubric', JSON.stringify(state.rubric));
  if (options && options.base) params.set('base', options.base);
  if (options && options.extras) for (const [name, value] of Object.entries(extrasOf(options.extras))) params.set(name, JSON.stringify(value));
  if (options && options.title) params.set('title', options.title);
  const response = await fetch('/api/render?' + params.toString());
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try { message = JSON.parse(text).error; } catch (_) { /* keep the text */ }
    throw new Error(message);
  }
  return text;
}

async function draw(layout) {
  const sequence = ++drawSequence;
  // A layer other than base: the base picture without heat, its legends replaced by the layer's symbols.
  const options = layout ? {} : { extras: state, heat: state.view === 'base' ? state.heat : 'none' };
  const text = await fetchSVG(layout || state.layout, options);
  if (sequence !== drawSequence) return;
  install(parseSVG(text), layout || state.layout);
}

function install(svg, layout) {
  drawSequence += 1;  // a drawing still on its way is older than this one
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', state.keyboard + ' layout');
  $('board').replaceChildren(svg);
  $('board').dataset.layout = layout;
  decorate();
  showLayerLegends(app);
}

// Within the frame of the answer: the two legends trade places at once; the heat follows with the redraw.
function swapLegends(a, b) {
  const legend = (index) => $('board').querySelector('g.key[data-key="' + index + '"] text.legend');
  const first = legend(a), second = legend(b);
  if (!first || !second) return;
  const text = first.textContent;
  first.textContent = second.textContent;
  second.textContent = text;
}

// ---- metrics

function showReport() {
  if (!state.report) return;
  showMetrics(state.report, state.startReport);
  showLayerMetrics(state.report);
  fillLayerPicker(app);
  fillMagicTable(app);
  $('undo').disabled = state.undo.length === 0;
  $('redo').disabled = state.redo.length === 0;
  $('layout-text').value = state.layout;
}

// The exact report of `layout` with the layers and rules of `extras` ({layers, magic}; the page's by default).
async function analyze(layout, extras) {
  return api('/api/analyze', assets(Object.assign({ layout }, extrasOf(extras || state))));
}

// Loads layout and start afresh (a new board, corpus, weights or starting layout).
async function loadLayout(layout, start) {
  const report = await analyze(layout);
  const startReport = start && (start !== report.layout || !sameExtras(state.startExtras, state)) ? await analyze(start, state.startExtras) : report;
  state.layout = report.layout;
  state.start = startReport.layout;
  state.report = report;
  state.startReport = startReport;
  writeURL();
  showReport();
  await draw();
}

function swapKeys(a, b) {
  if (state.pins.has(a) || state.pins.has(b)) {
    problem('unpin a key before moving it');
    return queue;
  }
  if (state.view !== 'base') {
    problem('swap keys on the base layer; on ' + state.view + ' click a key to edit it');
    return queue;
  }
  swapLegends(a, b);
  return enqueue(async () => {
    const answer = await api('/api/swap', assets(Object.assign({ layout: state.layout, swap: [a, b], heat: state.heat }, extrasOf(state))));
    state.undo.push(snapshot());
    state.redo = [];
    state.layout = answer.layout;
    // A written-out shift layer moves with its keycaps; "default" stays default (it follows the base).
    for (const name of Object.keys(state.layers)) {
      if (state.layers[name] !== 'default' && answer.layers && answer.layers[name]) state.layers[name] = answer.layers[name];
    }
    state.report = answer.report;
    writeURL();
    // Numbers and picture from one answer, replaced in the same frame.
    if (answer.svg) install(parseSVG(answer.svg), state.layout); else await draw();
    showReport();
  });
}

function step(from, to) {
  if (!from.length) return;
  enqueue(async () => {
    const design = from.pop();
    to.push(snapshot());
    state.layers = design.layers;
    state.magic = design.magic;
    state.report = await analyze(design.layout);
    state.layout = state.report.layout;
    writeURL();
    showReport();
    await draw();
  });
}

function clickKey(index) {
  if ($('pin-mode').checked) {
    if (state.pins.has(index)) state.pins.delete(index); else state.pins.add(index);
    writeURL();
    decorate();
    return;
  }
  if ($('edit-mode').checked || state.view !== 'base') {
    state.selected = null;
    decorate();
    openKeyEditor(app, index);
    return;
  }
  if (state.selected === null) {
    state.selected = index;
  } else if (state.selected === index) {
    state.selected = null;
  } else {
    const first = state.selected;
    state.selected = null;
    swapKeys(first, index);
  }
  decorate();
}

function setUpBoard() {
  const board = $('board');
  let drag = null;
  board.addEventListener('pointerdown', (event) => {
    const index = keyIndex(event.target);
    if (index === null || event.button !== 0) return;
    event.preventDefault();
    drag = { from: index, pointer: event.pointerId };
    try { board.setPointerCapture(event.pointerId); } catch (_) { /* synthetic pointers */ }
  });
  board.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const over = keyAt(event.clientX, event.clientY);
    for (const key of board.querySelectorAll('g.key.target')) key.classList.remove('target');
    if (over !== null && over !== drag.from) {
      const node = board.querySelector('g.key[data-key="' + over + '"]');
      if (node) node.classList.add('target');
    }
  });
  const end = (event) => {
    if (!drag) return;
    const from = drag.from;
    drag = null;
    for (const key of board.querySelectorAll('g.key.target')) key.classList.remove('target');
    const to = keyAt(event.clientX, event.clientY);
    if (to === null) return;
    if (to === from) clickKey(from); else { state.selected = null; swapKeys(from, to); }
  };
  board.addEventListener('pointerup', end);
  board.addEventListener('pointercancel', () => { drag = null; });
}

// ---- pickers

function option(value, text) {
  const node = element('option', text === undefined ? value : text);
  node.value = value;
  return node;
}

async function loadLayouts() {
  const answer = await api('/api/layouts?keyboard=' + encodeURIComponent(state.keyboard));
  state.layouts = answer.layouts;
  $('layout-name').replaceChildren(option('', '(custom)'), ...answer.layouts.map((item) => option(item.name)));
}

function defaultLayout() {
  const names = state.layouts.map((item) => item.name);
  const name = names.includes('qwerty') ? 'qwerty' : names[0];
  return name || '';
}

function syncLayoutPicker() {
  const match = state.layouts.find((item) => item.layout === state.layout);
  $('layout-name').value = match ? match.name : '';
}

function resetHistory() {
  state.undo = [];
  state.redo = [];
  state.selected = null;
}

function weightsFromPanel() {
  const overrides = {};
  for (const input of $('weights-list').querySelectorAll('input')) {
    const value = Number(input.value);
    if (input.value !== '' && value !== Number(input.dataset.default)) overrides[input.name] = value;
  }
  return Object.keys(overrides).length ? overrides : null;
}

function fillWeights() {
  const list = $('weights-list');
  list.replaceChildren(...state.rubricParameters.map((parameter) => {
    const label = element('label', parameter.name);
    label.title = parameter.summary;
    const input = element('input');
    input.type = 'number';
    input.name = parameter.name;
    input.step = parameter.integer ? '1' : 'any';
    input.min = parameter.minimum;
    input.max = parameter.maximum;
    input.dataset.default = parameter.default;
    input.value = state.rubric && state.rubric[parameter.name] !== undefined ? state.rubric[parameter.name] : parameter.default;
    label.append(input);
    return label;
  }));
}

// Loads board `name` with its default layout (the picker, or a board just imported).
async function selectBoard(name) {
  state.keyboard = name;
  $('keyboard').value = name;
  showImportNotes(name);
  state.pins.clear();
  resetHistory();
  resetExtras();
  await loadLayouts();
  const layout = defaultLayout();
  $('layout-name').value = layout;
  await loadLayout(layout, layout);
  syncLayoutPicker();
}

function notice(message) {
  $('notice').hidden = !message;
  $('notice').textContent = message || '';
}

function wirePickers() {
  $('keyboard').addEventListener('change', () => enqueue(() => selectBoard($('keyboard').value)));
  $('layout-name').addEventListener('change', () => {
    const name = $('layout-name').value;
    if (!name) return;
    enqueue(async () => {
      resetHistory();
      resetExtras();
      await loadLayout(name, name);
    });
  });
  $('layout-use').addEventListener('click', () => {
    const text = $('layout-text').value.trim();
    if (!text) return;
    enqueue(async () => {
      resetHistory();
      resetExtras();
      await loadLayout(text, text);
      syncLayoutPicker();
    });
  });
  $('corpus').addEventListener('change', () => enqueue(async () => {
    state.corpus = $('corpus').value;
    $('corpus-mix').value = '';
    await loadLayout(state.layout, state.start);
  }));
  $('corpus-use').addEventListener('click', () => {
    const mix = $('corpus-mix').value.trim();
    if (!mix) return;
    enqueue(async () => {
      const previous = state.corpus;
      state.corpus = mix;
      try { await loadLayout(state.layout, state.start); } catch (error) { state.corpus = previous; throw error; }
    });
  });
  $('weights-apply').addEventListener('click', () => enqueue(async () => {
    const previous = state.rubric;
    state.rubric = weightsFromPanel();
    try { await loadLayout(state.layout, state.start); } catch (error) { state.rubric = previous; throw error; }
  }));
  $('weights-reset').addEventListener('click', () => enqueue(async () => {
    state.rubric = null;
    fillWeights();
    await loadLayout(state.layout, state.start);
  }));
  $('heat').addEventListener('change', () => enqueue(async () => {
    state.heat = $('heat').value;
    writeURL();
    await draw();
  }));
  $('undo').addEventListener('click', () => step(state.undo, state.redo));
  $('redo').addEventListener('click', () => step(state.redo, state.undo));
  $('reset').addEventListener('click', () => enqueue(async () => {
    if (state.layout === state.start && sameExtras(state, state.startExtras)) return;
    state.undo.push(snapshot());
    state.redo = [];
    state.layers = Object.assign({}, state.startExtras.layers);
    state.magic = Object.assign({}, state.startExtras.magic);
    await loadLayout(state.start, state.start);
  }));
  $('pin-mode').addEventListener('change', () => { state.selected = null; decorate(); });
  document.addEventListener('keydown', (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.target.closest('input, select')) return;
    if (event.key === 'z' && !event.shiftKey) { event.preventDefault(); step(state.undo, state.redo); }
    if (event.key === 'y' || (event.key === 'z' && event.shiftKey)) { event.preventDefault(); step(state.redo, state.undo); }
  });
}

// ---- compare

async function compare() {
  const layouts = ['compare-a', 'compare-b', 'compare-c'].map((id) => $(id).value.trim());
  const withExtras = (layout, extras) => (Object.keys(extrasOf(extras)).length ? Object.assign({ layout }, extrasOf(extras)) : layout);
  if (!layouts[0]) layouts[0] = withExtras(state.start, state.startExtras);
  if (!layouts[1]) layouts[1] = withExtras(state.layout, state);
  const chosen = layouts.filter((text) => text);
  const answer = await api('/api/compare', assets({ layouts: chosen }));
  showComparison(answer);
  const boards = [];
  for (const [index, item] of answer.layouts.entries()) {
    const title = item.name + ' · score ' + fixed(item.score) + (index ? ' · ' + item.moved_keys + ' keys moved' : '');
    const text = await fetchSVG(item.layout, { base: index ? answer.layouts[0].layout : undefined, title });
    boards.push(parseSVG(text));
  }
  $('compare-boards').replaceChildren(...boards);
}

// ---- share and export

async function exportLayout() {
  await downloadExport(state.keyboard, state.layout, $('export-format').value, extrasOf(state));
}

async function saveSVG() {
  savePicture(await fetchSVG(state.layout, { extras: state }), state.keyboard, 'svg');
}

async function savePNG() {
  await savePicture(await fetchSVG(state.layout, { extras: state }), state.keyboard, 'png');
}

async function share() {
  writeURL();
  try {
    await navigator.clipboard.writeText(location.href);
    setStatus('link copied');
  } catch (_) {
    problem('copy this link: ' + location.href);
  }
}

function wireActions() {
  wireImprove(app);
  wireLayers(app);
  wireImport({ enqueue, selectBoard: async (id) => { notice(''); await selectBoard(id); } });
  $('compare-run').addEventListener('click', () => enqueue(compare));
  $('export').addEventListener('click', () => enqueue(exportLayout));
  $('save-svg').addEventListener('click', () => enqueue(saveSVG));
  $('save-png').addEventListener('click', () => enqueue(savePNG));
  $('share').addEventListener('click', () => { share(); });
}

// ---- start

async function start() {
  const [boards, corpora, rubric] = await Promise.all([api('/api/boards'), api('/api/corpora'), api('/api/rubric')]);
  state.boards = boards.boards;
  state.rubricParameters = rubric.parameters;
  $('keyboard').replaceChildren(...boards.boards.map((board) => option(board.name, board.name + ' (' + board.keys + ' keys)')));
  $('corpus').replaceChildren(...corpora.corpora.map((corpus) => option(corpus.id)));
  const wanted = readURL();
  if (isUploadID(wanted.keyboard)) {
    // An imported board lives in the server's memory only: a link outlives it when the server restarts.
    const kept = await findUpload(wanted.keyboard);
    if (kept) {
      state.keyboard = kept.id;
    } else {
      notice('The imported board ' + wanted.keyboard + ' is gone (the server keeps imported boards in memory only, '
             + 'until it restarts): showing ' + state.keyboard + '; drop the file again to bring it back.');
      wanted.layout = null;
      wanted.start = null;
      wanted.pins = [];
    }
  } else if (wanted.keyboard && boards.boards.some((board) => board.name === wanted.keyboard)) {
    state.keyboard = wanted.keyboard;
  }
  state.corpus = wanted.corpus || corpora.default;
  if (corpora.corpora.some((corpus) => corpus.id === state.corpus)) $('corpus').value = state.corpus; else $('corpus-mix').value = state.corpus;
  if (wanted.heat && ['usage', 'cost', 'none'].includes(wanted.heat)) state.heat = wanted.heat;
  $('heat').value = state.heat;
  state.rubric = wanted.rubric && typeof wanted.rubric === 'object' ? wanted.rubric : null;
  fillWeights();
  $('keyboard').value = state.keyboard;
  showImportNotes(state.keyboard);
  await loadLayouts();
  const layout = wanted.layout || defaultLayout();
  if (wanted.layout) {
    state.layers = wanted.layers;
    state.magic = wanted.magic;
    state.startExtras = wanted.start ? { layers: wanted.startLayers, magic: wanted.startMagic } : { layers: wanted.layers, magic: wanted.magic };
  }
  await loadLayout(layout, wanted.start || layout);
  state.pins = new Set(wanted.pins);
  writeURL();
  decorate();
  syncLayoutPicker();
}

// What the page's modules share (play-improve.js, play-layers.js).
const app = { state, enqueue, assets, draw, problem, analyze, writeURL, showReport, syncLayoutPicker, commit, snapshot };

document.addEventListener('DOMContentLoaded', () => {
  setUpBoard();
  wirePickers();
  wireActions();
  enqueue(start).then(() => { document.body.dataset.ready = 'true'; });
});
