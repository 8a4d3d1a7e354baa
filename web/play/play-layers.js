// KeyForge playground: layers, the shift layer, REPEAT/MAGIC keys and the magic rules (docs/API.md "Layers and
// magic"). The page keeps them as the API takes them: `layers` (name -> token string, or "default" for shift)
// and `magic` (after -> output); every edit is one undoable step, analyzed by the server's exact tier.
import { $, element, fixed } from './play-util.js';

const LAYER_NAME = /^[a-z0-9_-]{1,16}$/;

// The `layers` and `magic` members of a request for `design` ({layout, layers, magic}), none when empty.
export function extrasOf(design) {
  const extras = {};
  if (design.layers && Object.keys(design.layers).length) extras.layers = design.layers;
  if (design.magic && Object.keys(design.magic).length) extras.magic = design.magic;
  return extras;
}

// The tokens of the layer `name` as the last report wrote them out (a "default" shift layer included).
export function layerTokens(app, name) {
  if (name === 'base') return app.state.layout.split(' ');
  const given = app.state.layers[name];
  if (given && given !== 'default') return given.split(' ');
  const written = app.state.report && app.state.report.layout_layers ? app.state.report.layout_layers[name] : null;
  return written ? written.split(' ') : [];
}

// The selector's choices: base, shift when there is one, then each extra layer.
export function fillLayerPicker(app) {
  const names = ['base'].concat(Object.keys(app.state.layers).sort((a, b) => (a === 'shift' ? -1 : b === 'shift' ? 1 : 0)));
  if (!names.includes(app.state.view)) app.state.view = 'base';
  $('layer-view').replaceChildren(...names.map((name) => {
    const node = element('option', name);
    node.value = name;
    return node;
  }));
  $('layer-view').value = app.state.view;
  $('shift-default').checked = app.state.layers.shift === 'default';
  $('layer-remove').disabled = app.state.view === 'base';
}

// On a layer other than base, each key's legend shows that layer's symbol (the base picture underneath).
export function showLayerLegends(app) {
  const board = $('board');
  board.dataset.view = app.state.view;
  if (app.state.view === 'base') return;
  const tokens = layerTokens(app, app.state.view);
  for (const key of board.querySelectorAll('g.key')) {
    const legend = key.querySelector('text.legend');
    const token = tokens[Number(key.dataset.key)];
    if (legend) legend.textContent = !token || token === 'NONE' ? '' : token;
  }
}

// The layers' shares, layer-key presses and REPEAT/MAGIC presses of `report` (hidden for a single layer).
export function showLayerMetrics(report) {
  const rows = [];
  for (const layer of report.layers || []) {
    const row = element('tr');
    row.dataset.layer = layer.name;
    row.dataset.value = String(layer.percent);
    row.dataset.keyPresses = String(layer.layer_key_presses);
    row.append(element('td', layer.name), element('td', fixed(layer.percent, 3)),
               element('td', layer.name === 'base' ? '—' : fixed(layer.layer_key_presses, 3)));
    rows.push(row);
  }
  for (const [name, value] of [['REPEAT', report.repeat_presses], ['MAGIC', report.magic_presses]]) {
    if (typeof value !== 'number') continue;
    const row = element('tr');
    row.dataset.layer = name;
    row.dataset.value = String(value);
    row.append(element('td', name + ' key'), element('td', '—'), element('td', fixed(value, 3)));
    rows.push(row);
  }
  $('layer-metrics').hidden = rows.length === 0;
  $('layer-table').querySelector('tbody').replaceChildren(...rows);
}

function ruleRow(after, output) {
  const row = element('tr');
  const cells = [['after', after], ['output', output]].map(([kind, value]) => {
    const input = element('input');
    input.className = 'rule-' + kind + ' short';
    input.value = value;
    input.maxLength = 16;
    input.spellcheck = false;
    input.setAttribute('aria-label', kind === 'after' ? 'after' : 'MAGIC types');
    const cell = element('td');
    cell.append(input);
    return cell;
  });
  const remove = element('button', 'Remove', 'rule-remove');
  remove.type = 'button';
  const last = element('td');
  last.append(remove);
  row.append(cells[0], element('td', '→'), cells[1], last);
  return row;
}

// The magic table as the page shows it (rows being typed, not yet complete, stay until replaced).
export function fillMagicTable(app) {
  const rows = Object.entries(app.state.magic).map(([after, output]) => ruleRow(after, output));
  $('magic-table').querySelector('tbody').replaceChildren(...rows);
}

function rulesFromTable() {
  const magic = {};
  for (const row of $('magic-table').querySelectorAll('tbody tr')) {
    const after = row.querySelector('.rule-after').value.trim(), output = row.querySelector('.rule-output').value.trim();
    if (after && output) magic[after] = output;
  }
  return magic;
}

// The editor of one key's symbol on the layer in view.
export function openKeyEditor(app, index) {
  const tokens = layerTokens(app, app.state.view);
  $('key-editor').hidden = false;
  $('key-editor').dataset.key = String(index);
  $('key-editor-label').textContent = 'Key ' + index + ' on ' + app.state.view + ':';
  $('key-symbol').value = tokens[index] && tokens[index] !== 'NONE' ? tokens[index] : '';
  $('key-symbol').focus();
}

function closeKeyEditor() {
  $('key-editor').hidden = true;
  delete $('key-editor').dataset.key;
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// Wires the layer picker, shift toggle, add/remove layer, key editor and magic table to `app`, whose
// `commit(design)` analyzes a new {layout, layers, magic} and makes it the current, undoable state.
export function wireLayers(app) {
  const design = () => ({ layout: app.state.layout, layers: Object.assign({}, app.state.layers), magic: Object.assign({}, app.state.magic) });
  $('layer-view').addEventListener('change', () => app.enqueue(async () => {
    app.state.view = $('layer-view').value;
    app.state.selected = null;
    closeKeyEditor();
    fillLayerPicker(app);
    await app.draw();
  }));
  $('shift-default').addEventListener('change', () => {
    const next = design();
    if ($('shift-default').checked) next.layers.shift = 'default'; else delete next.layers.shift;
    app.commit(next);
  });
  $('layer-add').addEventListener('click', () => {
    const name = $('layer-name').value.trim();
    if (!LAYER_NAME.test(name) || name === 'shift') { app.problem('a layer name is 1-16 of a-z, 0-9, _ and - (and not shift)'); return; }
    if (app.state.layers[name] !== undefined) { app.problem('there is a layer ' + name + ' already'); return; }
    const next = design();
    next.layers[name] = app.state.layout.split(' ').map(() => 'NONE').join(' ');
    app.state.view = name;
    $('layer-name').value = '';
    app.commit(next);
  });
  $('layer-remove').addEventListener('click', () => {
    if (app.state.view === 'base') return;
    const next = design();
    delete next.layers[app.state.view];
    app.state.view = 'base';
    app.commit(next);
  });
  $('key-set').addEventListener('click', () => {
    const index = Number($('key-editor').dataset.key);
    const token = $('key-symbol').value.trim() || 'NONE';
    if (/\s/.test(token)) { app.problem('one symbol or key name, without spaces'); return; }
    const next = design();
    const view = app.state.view;
    const tokens = layerTokens(app, view);
    if (!(index >= 0 && index < tokens.length)) return;
    tokens[index] = token;
    if (view === 'base') next.layout = tokens.join(' '); else next.layers[view] = tokens.join(' ');
    // A layer key for a layer the layout does not have yet brings that layer, empty.
    const reached = /^(?:MO|OSL)\(([a-z0-9_-]{1,16})\)$/.exec(token);
    if (reached && reached[1] !== 'shift' && next.layers[reached[1]] === undefined) {
      next.layers[reached[1]] = tokens.map(() => 'NONE').join(' ');
    }
    closeKeyEditor();
    app.commit(next);
  });
  $('key-cancel').addEventListener('click', closeKeyEditor);
  $('key-symbol').addEventListener('keydown', (event) => {
    if (event.key === 'Enter') { event.preventDefault(); $('key-set').click(); }
    if (event.key === 'Escape') closeKeyEditor();
  });
  $('magic-add').addEventListener('click', () => {
    const row = ruleRow('', '');
    $('magic-table').querySelector('tbody').append(row);
    row.querySelector('.rule-after').focus();
  });
  const table = $('magic-table');
  table.addEventListener('change', () => {
    const magic = rulesFromTable();
    if (same(magic, app.state.magic)) return;
    const next = design();
    next.magic = magic;
    app.commit(next);
  });
  table.addEventListener('click', (event) => {
    if (!event.target.closest('.rule-remove')) return;
    event.target.closest('tr').remove();
    const magic = rulesFromTable();
    if (same(magic, app.state.magic)) return;
    const next = design();
    next.magic = magic;
    app.commit(next);
  });
}
