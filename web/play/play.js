// KeyForge playground: the board drawn by the server (render's SVG, /api/render), swaps answered with
// exact metrics (/api/swap), compare, Improve over Server-Sent Events, share and export. No framework,
// no inline script; nodes are built with createElement, never from HTML strings.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const FINGERS = ['L pinky', 'L ring', 'L middle', 'L index', 'L thumb', 'R thumb', 'R index', 'R middle', 'R ring', 'R pinky'];
  const state = {
    keyboard: 'corne', corpus: 'text/en_std', rubric: null, heat: 'usage',
    layout: '', start: '', report: null, startReport: null,
    pins: new Set(), undo: [], redo: [], selected: null,
    layouts: [], boards: [], rubricParameters: [],
    search: null, result: null, busy: 0,
  };
  let queue = Promise.resolve();
  let drawSequence = 0;

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function fixed(value, digits) {
    return typeof value === 'number' ? value.toFixed(digits === undefined ? 2 : digits) : '—';
  }

  function signed(value, digits) {
    if (typeof value !== 'number') return '—';
    const text = value.toFixed(digits === undefined ? 2 : digits);
    return value > 0 ? '+' + text : text;
  }

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

  async function api(path, body) {
    const options = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    const response = await fetch(path, options);
    const text = await response.text();
    let data = null;
    try { data = JSON.parse(text); } catch (_) { data = null; }
    if (!response.ok) throw new Error((data && data.error) || (response.status + ' ' + text.slice(0, 200)));
    return data;
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
    if (state.start !== state.layout) params.set('start', state.start);
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
    return { keyboard: params.get('keyboard'), corpus: params.get('corpus'), layout: params.get('layout'),
             start: params.get('start'), pins, heat: params.get('heat'), rubric };
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
    if (options && options.base) params.set('base', options.base);
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

  function parseSVG(text) {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const root = doc.documentElement;
    if (!root || root.nodeName !== 'svg') throw new Error('the server sent no SVG');
    return document.importNode(root, true);
  }

  async function draw(layout) {
    const sequence = ++drawSequence;
    const text = await fetchSVG(layout || state.layout);
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

  function setValue(id, value, digits, text) {
    const node = $(id);
    node.textContent = text !== undefined ? text : fixed(value, digits);
    if (typeof value === 'number') node.dataset.value = String(value); else delete node.dataset.value;
  }

  function humanFigure(report) {
    const name = Object.keys(report).find((key) => key.startsWith('human'));
    if (!name) return null;
    const value = report[name];
    if (typeof value === 'number') return { label: name.replace(/_/g, ' '), text: fixed(value) };
    if (value && typeof value === 'object') {
      const number = Object.values(value).find((x) => typeof x === 'number');
      const label = value.label || value.unit || name.replace(/_/g, ' ');
      return { label: String(label), text: value.text ? String(value.text) : fixed(number) };
    }
    return { label: name.replace(/_/g, ' '), text: String(value) };
  }

  function metricRows(scope, metrics, baseMetrics) {
    const rows = [];
    for (const [name, value] of Object.entries(metrics || {})) {
      if (typeof value !== 'number') continue;
      const base = baseMetrics ? baseMetrics[name] : undefined;
      const row = element('tr');
      row.append(element('td', scope ? scope + ' ' + name : name), element('td', fixed(value, 3)));
      const delta = typeof base === 'number' ? value - base : null;
      const cell = element('td', delta === null ? '—' : signed(delta, 3));
      row.append(cell);
      row.dataset.metric = (scope ? scope + '.' : '') + name;
      row.dataset.value = String(value);
      rows.push(row);
    }
    return rows;
  }

  function bars(target, values, labels) {
    const max = Math.max(1e-9, ...values);
    target.replaceChildren(...values.map((value, index) => {
      const bar = element('div', null, 'bar');
      const track = element('div', null, 'track');
      const fill = element('div', null, 'fill');
      fill.style.width = (100 * value / max).toFixed(1) + '%';
      track.append(fill);
      bar.append(element('span', labels[index] || ('#' + index)), track, element('span', fixed(value, 1) + '%'));
      return bar;
    }));
  }

  function showReport() {
    const report = state.report;
    if (!report) return;
    const start = state.startReport;
    setValue('score', report.score);
    setValue('sfb', report.metrics.sfb, 3);
    const delta = start ? report.score - start.score : null;
    setValue('score-delta', delta, 2, delta === null ? '—' : signed(delta));
    $('score-delta').className = 'value' + (delta < 0 ? ' better' : delta > 0 ? ' worse' : '');
    const human = humanFigure(report);
    $('human-card').hidden = !human;
    if (human) { $('human-label').textContent = human.label; $('human').textContent = human.text; }
    const body = $('metric-table').querySelector('tbody');
    const rows = metricRows('', report.metrics, start && start.metrics);
    if (report.typing_metrics) rows.push(...metricRows('typing', report.typing_metrics, start && start.typing_metrics));
    body.replaceChildren(...rows);
    bars($('finger-bars'), report.metrics.finger_usage || [], FINGERS);
    bars($('row-bars'), report.metrics.row_usage || [], (report.metrics.row_usage || []).map((_, i) => 'row ' + i));
    const worst = $('worst');
    worst.replaceChildren();
    for (const [kind, entries] of Object.entries(report.worst || {})) {
      worst.append(element('h2', kind));
      const list = element('ol');
      for (const entry of entries.slice(0, 6)) {
        list.append(element('li', entry.ngram.join(' ') + ' — ' + fixed(entry.percent, 3) + ' %, cost ' + fixed(entry.cost, 1)));
      }
      worst.append(list);
    }
    $('undo').disabled = state.undo.length === 0;
    $('redo').disabled = state.redo.length === 0;
    $('layout-text').value = state.layout;
  }

  async function analyze(layout) {
    return api('/api/analyze', assets({ layout }));
  }

  // Loads layout and start afresh (a new board, corpus, weights or starting layout).
  async function loadLayout(layout, start) {
    const report = await analyze(layout);
    const startReport = start && start !== report.layout ? await analyze(start) : report;
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
    swapLegends(a, b);
    return enqueue(async () => {
      const answer = await api('/api/swap', assets({ layout: state.layout, swap: [a, b], heat: state.heat }));
      state.undo.push(state.layout);
      state.redo = [];
      state.layout = answer.layout;
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
      const layout = from.pop();
      to.push(state.layout);
      state.report = await analyze(layout);
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

  function wirePickers() {
    $('keyboard').addEventListener('change', () => enqueue(async () => {
      state.keyboard = $('keyboard').value;
      state.pins.clear();
      resetHistory();
      await loadLayouts();
      const name = defaultLayout();
      $('layout-name').value = name;
      await loadLayout(name, name);
      syncLayoutPicker();
    }));
    $('layout-name').addEventListener('change', () => {
      const name = $('layout-name').value;
      if (!name) return;
      enqueue(async () => {
        resetHistory();
        await loadLayout(name, name);
      });
    });
    $('layout-use').addEventListener('click', () => {
      const text = $('layout-text').value.trim();
      if (!text) return;
      enqueue(async () => {
        resetHistory();
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
      if (state.layout === state.start) return;
      state.undo.push(state.layout);
      state.redo = [];
      await loadLayout(state.start, state.start);
    }));
    $('pin-mode').addEventListener('change', () => { state.selected = null; decorate(); });
    document.addEventListener('keydown', (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.target.closest('input, select')) return;
      if (event.key === 'z' && !event.shiftKey) { event.preventDefault(); step(state.undo, state.redo); }
      if (event.key === 'y' || (event.key === 'z' && event.shiftKey)) { event.preventDefault(); step(state.redo, state.undo); }
    });
  }

  // ---- Improve: a search on the server, followed over Server-Sent Events

  function improve() {
    if (state.search) return;
    const seconds = Number($('improve-seconds').value) || 10;
    enqueue(async () => {
      const started = await api('/api/search', assets({ layout: state.layout, pins: [...state.pins], seconds }));
      const events = new EventSource('/api/search/' + encodeURIComponent(started.id) + '/events');
      state.search = { id: started.id, events };
      state.result = null;
      $('improve').disabled = true;
      $('improve-stop').disabled = false;
      $('improve-load').disabled = true;
      $('progress').textContent = 'starting…';
      $('progress').dataset.state = 'running';
      events.addEventListener('progress', (event) => {
        const data = JSON.parse(event.data);
        $('progress').textContent = (data.steps_per_second / 1000).toFixed(0) + ' k steps/s · best ' + fixed(data.best_score)
          + ' · ' + fixed(data.elapsed, 1) + ' s';
      });
      events.addEventListener('best', (event) => {
        const data = JSON.parse(event.data);
        $('progress').dataset.best = String(data.score);
        draw(data.layout).catch((error) => problem(error.message));
      });
      events.addEventListener('failure', (event) => {
        problem(JSON.parse(event.data).error);
      });
      events.addEventListener('done', (event) => {
        const data = JSON.parse(event.data);
        events.close();
        state.search = null;
        state.result = data;
        $('improve').disabled = false;
        $('improve-stop').disabled = true;
        $('improve-load').disabled = false;
        $('progress').dataset.state = 'done';
        $('progress').dataset.best = String(data.report.score);
        $('progress').textContent = 'done: ' + fixed(data.report.score) + ' (from ' + fixed(data.start_score) + ') after '
          + data.steps + ' steps in ' + fixed(data.seconds, 1) + ' s' + (data.stopped ? ', stopped' : '') + ' — Load result to use it';
        draw().catch((error) => problem(error.message));
      });
      events.onerror = () => {
        if (state.search && state.search.events === events && events.readyState === EventSource.CLOSED) {
          state.search = null;
          $('improve').disabled = false;
          $('improve-stop').disabled = true;
          problem('the search stream closed');
        }
      };
    });
  }

  function stopImprove() {
    if (!state.search) return;
    api('/api/search/' + encodeURIComponent(state.search.id) + '/stop', {}).catch((error) => problem(error.message));
  }

  function loadResult() {
    const result = state.result;
    if (!result) return;
    enqueue(async () => {
      state.undo.push(state.layout);
      state.redo = [];
      state.report = await analyze(result.layout);
      state.layout = state.report.layout;
      $('improve-load').disabled = true;
      writeURL();
      showReport();
      syncLayoutPicker();
      await draw();
    });
  }

  // ---- compare

  async function compare() {
    const layouts = ['compare-a', 'compare-b', 'compare-c'].map((id) => $(id).value.trim());
    if (!layouts[0]) layouts[0] = state.start;
    if (!layouts[1]) layouts[1] = state.layout;
    const chosen = layouts.filter((text) => text);
    const answer = await api('/api/compare', assets({ layouts: chosen }));
    const head = element('tr');
    head.append(element('th', ''), ...answer.layouts.map((item) => element('th', item.name)));
    $('compare-table').querySelector('thead').replaceChildren(head);
    const rows = [];
    const names = ['score'].concat(Object.keys(answer.layouts[0].metrics).filter((name) => typeof answer.layouts[0].metrics[name] === 'number'));
    for (const name of names.concat(['moved_keys'])) {
      const row = element('tr');
      row.append(element('td', name));
      answer.layouts.forEach((item, index) => {
        const value = name === 'score' ? item.score : name === 'moved_keys' ? item.moved_keys : item.metrics[name];
        const delta = index === 0 || name === 'moved_keys' ? null : answer.deltas[index - 1][name === 'score' ? 'score' : 'metrics'];
        const change = delta === null ? null : (name === 'score' ? delta : delta[name]);
        const cell = element('td', name === 'moved_keys' ? String(value) : fixed(value, 3) + (change === null ? '' : ' (' + signed(change, 3) + ')'));
        if (typeof change === 'number' && change !== 0) cell.className = change < 0 === (name !== 'alternation' && !name.startsWith('roll')) ? 'better' : 'worse';
        row.append(cell);
      });
      rows.push(row);
    }
    $('compare-table').querySelector('tbody').replaceChildren(...rows);
    const boards = [];
    for (const [index, item] of answer.layouts.entries()) {
      const title = item.name + ' · score ' + fixed(item.score) + (index ? ' · ' + item.moved_keys + ' keys moved' : '');
      const text = await fetchSVG(item.layout, { base: index ? answer.layouts[0].layout : undefined, title });
      boards.push(parseSVG(text));
    }
    $('compare-boards').replaceChildren(...boards);
  }

  // ---- share and export

  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = element('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function exportLayout() {
    const format = $('export-format').value;
    const response = await fetch('/api/export', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                                  body: JSON.stringify({ keyboard: state.keyboard, layout: state.layout, format }) });
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try { message = JSON.parse(text).error; } catch (_) { /* keep the text */ }
      throw new Error(message);
    }
    const disposition = response.headers.get('Content-Disposition') || '';
    const match = /filename="([^"]+)"/.exec(disposition);
    download(new Blob([text], { type: 'text/plain' }), match ? match[1] : 'keymap.txt');
    $('export').dataset.done = format;
  }

  async function saveSVG() {
    download(new Blob([await fetchSVG(state.layout)], { type: 'image/svg+xml' }), state.keyboard + '.svg');
  }

  async function savePNG() {
    const text = await fetchSVG(state.layout);
    const svg = parseSVG(text);
    const width = Number(svg.getAttribute('width')), height = Number(svg.getAttribute('height'));
    const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    try {
      const image = new Image();
      await new Promise((resolve, reject) => { image.onload = resolve; image.onerror = () => reject(new Error('cannot draw the SVG')); image.src = url; });
      const canvas = element('canvas');
      canvas.width = width * 2;
      canvas.height = height * 2;
      const context = canvas.getContext('2d');
      context.scale(2, 2);
      context.drawImage(image, 0, 0, width, height);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
      download(blob, state.keyboard + '.png');
    } finally {
      URL.revokeObjectURL(url);
    }
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
    $('improve').addEventListener('click', improve);
    $('improve-stop').addEventListener('click', stopImprove);
    $('improve-load').addEventListener('click', loadResult);
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
    if (wanted.keyboard && boards.boards.some((board) => board.name === wanted.keyboard)) state.keyboard = wanted.keyboard;
    state.corpus = wanted.corpus || corpora.default;
    if (corpora.corpora.some((corpus) => corpus.id === state.corpus)) $('corpus').value = state.corpus; else $('corpus-mix').value = state.corpus;
    if (wanted.heat && ['usage', 'cost', 'none'].includes(wanted.heat)) state.heat = wanted.heat;
    $('heat').value = state.heat;
    state.rubric = wanted.rubric && typeof wanted.rubric === 'object' ? wanted.rubric : null;
    fillWeights();
    $('keyboard').value = state.keyboard;
    await loadLayouts();
    const layout = wanted.layout || defaultLayout();
    await loadLayout(layout, wanted.start || layout);
    state.pins = new Set(wanted.pins);
    writeURL();
    decorate();
    syncLayoutPicker();
  }

  document.addEventListener('DOMContentLoaded', () => {
    setUpBoard();
    wirePickers();
    wireActions();
    enqueue(start).then(() => { document.body.dataset.ready = 'true'; });
  });
})();
