// KeyForge playground: downloads. The layout for firmware or a drawing tool through /api/export (the code of
// `keyforge export`), and the board's picture as SVG, or as PNG drawn from that SVG on a canvas.
import { $, download, element, parseSVG } from './play-util.js';

// The export of `layout` (with `extras`: its layers and magic rules) on `keyboard` in `format` (qmk, qmk-json,
// zmk, kle, xkb, dof), saved under the server's name.
export async function downloadExport(keyboard, layout, format, extras) {
  const response = await fetch('/api/export', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                                body: JSON.stringify(Object.assign({ keyboard, layout, format }, extras || {})) });
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

// The picture `text` (render's SVG) saved as NAME.svg, or rasterized at twice its size as NAME.png.
export async function savePicture(text, name, format) {
  if (format === 'svg') {
    download(new Blob([text], { type: 'image/svg+xml' }), name + '.svg');
    return;
  }
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
    download(blob, name + '.png');
  } finally {
    URL.revokeObjectURL(url);
  }
}
