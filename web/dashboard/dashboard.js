'use strict';
(() => {
  // The shared secret lives in this tab's sessionStorage only: gone when the tab closes, never in a URL.
  const SECRET_KEY = 'keyforge.hive.secret';
  const JOB_LIMIT = 50;
  const STATS_EVERY_MS = 5000;
  const REFRESH_AFTER_EVENTS_MS = 1000;
  const JOBS_EVERY_MS = 15000;

  const $ = (id) => document.getElementById(id);
  const jobs = new Map();      // job id -> { row, cells, best }
  const boards = new Map();    // job id -> Promise of its keyboard geometry
  let selected = null;
  let refreshTimer = null;

  const formatScore = (score) => (typeof score === 'number' ? score.toFixed(3) : '—');
  const formatCount = (n) => (typeof n === 'number' ? Math.round(n).toLocaleString('en-US') : '—');
  const shortID = (id) => id.slice(0, 12);

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  async function getJSON(path, headers) {
    const response = await fetch(path, { headers: headers || {}, cache: 'no-store', credentials: 'omit' });
    if (!response.ok) {
      const failure = new Error(path + ' answered ' + response.status);
      failure.status = response.status;
      throw failure;
    }
    return response.json();
  }

  // ---- jobs ----

  function setBest(id, score, live) {
    const entry = jobs.get(id);
    if (!entry || typeof score !== 'number') return;
    // A best only ever improves (lower is better); an older list read must not undo a live event.
    if (entry.best !== null && score >= entry.best) return;
    entry.best = score;
    entry.cells.best.textContent = formatScore(score);
    if (live) {
      entry.cells.best.classList.remove('flash');
      void entry.cells.best.offsetWidth;  // restart the animation
      entry.cells.best.classList.add('flash');
    }
  }

  function upsertJob(job) {
    let entry = jobs.get(job.job_id);
    if (!entry) {
      const row = element('tr');
      row.dataset.jobId = job.job_id;
      row.tabIndex = 0;
      row.setAttribute('aria-selected', 'false');
      const cells = {
        id: element('td', shortID(job.job_id), 'mono'), keyboard: element('td'), status: element('td'),
        progress: element('td'), best: element('td', '—', 'best'), created: element('td'),
      };
      const bar = element('span', undefined, 'bar');
      cells.fill = element('span');
      bar.append(cells.fill);
      cells.units = element('span', '', 'units');
      cells.progress.append(bar, cells.units);
      row.append(cells.id, cells.keyboard, cells.status, cells.progress, cells.best, cells.created);
      row.addEventListener('click', () => select(job.job_id));
      row.addEventListener('keydown', (event) => { if (event.key === 'Enter') select(job.job_id); });
      entry = { row, cells, best: null, status: null };
      jobs.set(job.job_id, entry);
    }
    entry.status = job.status;
    entry.cells.keyboard.textContent = job.keyboard;
    entry.cells.status.textContent = job.status;
    entry.cells.status.className = 'status status-' + job.status;
    const total = Math.max(job.units_total || 0, 1);
    entry.cells.fill.style.width = (100 * (job.units_done || 0) / total).toFixed(1) + '%';
    entry.cells.units.textContent = (job.units_done || 0) + ' / ' + (job.units_total || 0);
    entry.cells.created.textContent = (job.created_at || '').replace('T', ' ').replace('Z', '');
    setBest(job.job_id, job.best_score, false);
    return entry;
  }

  async function loadJobs() {
    const body = await getJSON('/jobs?limit=' + JOB_LIMIT);
    $('problem').hidden = true;
    const tbody = $('jobs').tBodies[0];
    for (const job of body.jobs) tbody.append(upsertJob(job).row);  // append moves: newest first
    const listed = new Set(body.jobs.map((job) => job.job_id));
    for (const [id, entry] of jobs) {
      if (!listed.has(id)) { entry.row.remove(); jobs.delete(id); }  // fell out of the newest JOB_LIMIT
    }
    $('jobs-empty').hidden = body.jobs.length > 0;
    if (selected === null && body.jobs.length > 0) {
      const running = body.jobs.find((job) => job.status === 'running');
      select((running || body.jobs[0]).job_id);
    }
  }

  // ---- the selected job's best layout ----

  function boardOf(id) {
    if (!boards.has(id)) boards.set(id, getJSON('/jobs/' + id + '/keyboard').catch((error) => { boards.delete(id); throw error; }));
    return boards.get(id);
  }

  // The board as `keyforge render` draws it: the hive serves render's SVG at /api/render (the same
  // drawing the playground shows), so the dashboard keeps no keyboard drawer of its own.
  function drawBoard(board, layout) {
    const image = document.createElement('img');
    image.src = '/api/render?' + new URLSearchParams({ keyboard: board.name, layout: layout, heat: 'none' }).toString();
    image.alt = board.name + ': ' + layout;
    image.dataset.layout = layout;
    $('board').replaceChildren(image);
  }

  async function showDetail(id) {
    const [status, board] = await Promise.all([getJSON('/jobs/' + id), boardOf(id)]);
    if (selected !== id) return;
    const best = status.best;
    const parts = ['Job ' + shortID(id), status.failure_reason ? 'failed: ' + status.failure_reason : status.status, 'units ' + status.units.done + ' / ' + status.units.total,
                   status.results + ' results'];
    if (best) parts.push('best ' + formatScore(best.score) + ' from ' + best.node_id);
    $('detail-summary').textContent = parts.join(' · ');
    $('detail').dataset.jobId = id;
    if (best) {
      drawBoard(board, best.layout);
      $('detail-layout').textContent = best.layout;
    } else {
      $('board').replaceChildren(element('p', 'No verified result yet: the layout appears with the first one.'));
      $('detail-layout').textContent = '';
    }
  }

  function select(id) {
    selected = id;
    for (const [jobID, entry] of jobs) entry.row.setAttribute('aria-selected', jobID === id ? 'true' : 'false');
    $('detail').hidden = false;
    showDetail(id).catch(report);
  }

  // ---- cluster stats (need the secret) ----

  function showLocked(message, isError) {
    $('unlock').hidden = false;
    $('unlocked').hidden = true;
    const note = $('unlock-message');
    note.textContent = message || '';
    note.dataset.kind = isError ? 'error' : '';
    for (const name of ['nodes', 'speed', 'queued', 'running', 'done', 'cancelled', 'leased', 'results']) $('stat-' + name).textContent = '—';
  }

  async function loadStats() {
    const secret = sessionStorage.getItem(SECRET_KEY);
    if (!secret) return;  // locked: the page starts so, and keeps any message shown
    let stats;
    try {
      stats = await getJSON('/cluster/stats', { Authorization: 'Bearer ' + secret });
    } catch (error) {
      if (error.status === 401 || error.status === 400 || error.status === 429) {
        sessionStorage.removeItem(SECRET_KEY);
        showLocked(error.status === 429 ? 'Too many wrong secrets from this address: wait a minute.' : 'The hive refused that secret.', true);
      } else {
        $('unlock-message').textContent = 'Cluster stats unavailable (' + (error.status || 'network') + ').';
      }
      return;
    }
    $('unlock').hidden = true;
    $('unlocked').hidden = false;
    $('stat-nodes').textContent = formatCount(stats.active_nodes);
    $('stat-speed').textContent = formatCount(stats.total_steps_per_second);
    for (const name of ['queued', 'running', 'done', 'cancelled']) $('stat-' + name).textContent = formatCount(stats.jobs[name]);
    $('stat-leased').textContent = formatCount(stats.units_leased);
    $('stat-results').textContent = formatCount(stats.results);
    const rows = stats.nodes.map((node) => {
      const row = element('tr');
      row.append(element('td', node.node_id, 'mono'), element('td', String(node.cores)),
                 element('td', node.alive ? 'alive' : 'silent', node.alive ? 'status-done' : 'status-cancelled'),
                 element('td', node.alive ? formatCount(node.steps_per_second) : '—'),
                 element('td', node.job_id ? shortID(node.job_id) : '—', 'mono'));
      return row;
    });
    $('nodes').tBodies[0].replaceChildren(...rows);
  }

  $('unlock').addEventListener('submit', (event) => {
    event.preventDefault();
    const field = $('secret');
    const secret = field.value.trim();
    field.value = '';
    if (!secret) return;
    sessionStorage.setItem(SECRET_KEY, secret);
    $('unlock-message').textContent = '';
    loadStats().catch(report);
  });
  $('forget').addEventListener('click', () => {
    sessionStorage.removeItem(SECRET_KEY);
    showLocked('Forgotten.');
  });

  // ---- live updates ----

  // A failed read is shown until the next one succeeds (the hive may be restarting).
  function report(error) {
    $('problem').textContent = error.message;
    $('problem').hidden = false;
  }

  function refreshAll() {
    loadJobs().catch(report);
    loadStats().catch(report);
    if (selected !== null) showDetail(selected).catch(report);
  }

  // Events come in bursts (a lease per unit, a result per unit): one re-read per burst, at most one a
  // second; best scores need no re-read, they come with the events.
  function refreshSoon() {
    if (refreshTimer !== null) return;
    refreshTimer = setTimeout(() => { refreshTimer = null; refreshAll(); }, REFRESH_AFTER_EVENTS_MS);
  }

  function onEvent(event) {
    let data;
    try { data = JSON.parse(event.data); } catch { return; }
    if (typeof data.job_id !== 'string') return;
    if ((event.type === 'new_best' || event.type === 'done') && typeof data.score === 'number') setBest(data.job_id, data.score, true);
    refreshSoon();
  }

  function connect() {
    const stream = $('stream');
    const source = new EventSource('/events');
    let wasDown = false;
    source.onopen = () => {
      stream.textContent = 'live';
      stream.dataset.state = 'live';
      // Events sent while we were away are lost: re-read everything.
      if (wasDown) refreshAll();
      wasDown = false;
    };
    source.onerror = () => {
      wasDown = true;
      stream.textContent = 'reconnecting';
      stream.dataset.state = 'reconnecting';
    };
    for (const type of ['created', 'lease', 'new_best', 'done', 'cancelled', 'update']) source.addEventListener(type, onEvent);
    source.addEventListener('resync', refreshAll);
  }

  connect();
  refreshAll();
  setInterval(() => { if (!document.hidden) loadStats().catch(report); }, STATS_EVERY_MS);
  setInterval(() => { if (!document.hidden) loadJobs().catch(report); }, JOBS_EVERY_MS);
})();
