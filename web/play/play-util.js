// KeyForge playground: small helpers shared by its modules (nodes built with createElement, never from HTML).

export const $ = (id) => document.getElementById(id);

export function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

export function fixed(value, digits) {
  return typeof value === 'number' ? value.toFixed(digits === undefined ? 2 : digits) : '—';
}

export function signed(value, digits) {
  if (typeof value !== 'number') return '—';
  const text = value.toFixed(digits === undefined ? 2 : digits);
  return value > 0 ? '+' + text : text;
}

export async function api(path, body) {
  const options = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(path, options);
  const text = await response.text();
  let data = null;
  try { data = JSON.parse(text); } catch (_) { data = null; }
  if (!response.ok) throw new Error((data && data.error) || (response.status + ' ' + text.slice(0, 200)));
  return data;
}

export function parseSVG(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || root.nodeName !== 'svg') throw new Error('the server sent no SVG');
  return document.importNode(root, true);
}

export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = element('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
