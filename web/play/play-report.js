// KeyForge playground: the report's numbers on the page (score, metrics in both scopes, usage bars, worst
// n-grams) and the comparison table, from the JSON that `analyze --json` and `compare --json` print.
import { $, element, fixed, signed } from './play-util.js';

const FINGERS = ['L pinky', 'L ring', 'L middle', 'L index', 'L thumb', 'R thumb', 'R index', 'R middle', 'R ring', 'R pinky'];

// The score on a human scale: `score_per_keystroke` (cost per typed key, docs/METRICS.md), else any
// figure whose name starts with "human".
function humanFigure(report) {
  if (typeof report.score_per_keystroke === 'number') return { label: 'Per keystroke', text: fixed(report.score_per_keystroke, 3) };
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

function setValue(id, value, digits, text) {
  const node = $(id);
  node.textContent = text !== undefined ? text : fixed(value, digits);
  if (typeof value === 'number') node.dataset.value = String(value); else delete node.dataset.value;
}

// Every number of `report`, with its change against `start` (the layout the user began from).
export function showMetrics(report, start) {
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
}

// The comparison of 2 or 3 layouts: a column each, with its change against the first.
export function showComparison(answer) {
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
}
