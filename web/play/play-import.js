// KeyForge playground: boards from files. A KLE JSON or a QMK info.json / keyboard.json dropped on the page
// (or chosen with the file picker) is posted as it is to /api/boards/import, which imports it with the code
// of `keyforge keyboard import` and keeps the board in the server's memory under an `upload-...` id.
import { $, api, element } from './play-util.js';

const known = new Map();

// Posts `file`'s bytes; answers the import (id, keys, guesses) or throws the import's one-line reason.
async function upload(file) {
  const bytes = await file.arrayBuffer();
  const response = await fetch('/api/boards/import?file=' + encodeURIComponent(file.name),
                               { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: bytes });
  const text = await response.text();
  let data = null;
  try { data = JSON.parse(text); } catch (_) { data = null; }
  if (!response.ok) throw new Error((data && data.error) || (response.status + ' ' + text.slice(0, 200)));
  return data;
}

// Adds the uploaded board to the board picker (once) and remembers its guesses.
export function addUploadedBoard(answer) {
  known.set(answer.id, answer);
  const picker = $('keyboard');
  if (![...picker.options].some((option) => option.value === answer.id)) {
    const option = element('option', answer.id + ' (' + answer.keys + ' keys, imported)');
    option.value = answer.id;
    picker.append(option);
  }
}

// Shows what the import guessed when `keyboard` is an uploaded board; hides the note otherwise.
export function showImportNotes(keyboard) {
  const notes = $('import-notes');
  const answer = known.get(keyboard);
  if (!answer) { notes.hidden = true; notes.replaceChildren(); return; }
  const heading = element('p', 'Imported ' + answer.description + ' as ' + answer.id + ': ' + answer.keys + ' keys, '
                               + answer.alpha_keys + ' in the alpha block (' + answer.format.toUpperCase() + ').');
  const list = element('ul');
  for (const guess of answer.guesses) list.append(element('li', 'guessed: ' + guess));
  notes.replaceChildren(heading, ...(answer.guesses.length ? [list] : [element('p', 'The import guessed nothing.')]));
  notes.hidden = false;
}

// The upload `id` if the server still keeps it (it keeps uploads in memory only), else null.
export async function findUpload(id) {
  const answer = await api('/api/boards/uploaded/' + encodeURIComponent(id));
  if (!answer.present) return null;
  addUploadedBoard(answer);
  return answer;
}

export function isUploadID(name) {
  return /^upload-[0-9a-f]{12}$/.test(name || '');
}

// The file picker and drag-and-drop anywhere on the page; `selectBoard(id)` loads the board.
export function wireImport({ enqueue, selectBoard }) {
  const take = (file) => {
    if (!file) return;
    enqueue(async () => {
      const answer = await upload(file);
      addUploadedBoard(answer);
      await selectBoard(answer.id);
    });
  };
  $('board-file').addEventListener('change', () => {
    take($('board-file').files[0]);
    $('board-file').value = '';
  });
  const hasFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes('Files');
  document.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    document.body.classList.add('dropping');
  });
  document.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) document.body.classList.remove('dropping');
  });
  document.addEventListener('drop', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    document.body.classList.remove('dropping');
    take(event.dataTransfer.files[0]);
  });
}
