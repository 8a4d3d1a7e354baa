extension HiveDashboard {
    /// The page: structure only; `dashboard.js` fills it (no inline script or style: the CSP forbids both).
    static let pageHTML = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>KeyForge hive</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="/dashboard.css">
    <script src="/dashboard.js" defer></script>
    </head>
    <body>
    <header>
      <h1>KeyForge hive</h1>
      <span id="stream" class="pill" data-state="connecting">connecting</span>
      <span id="problem" role="alert" hidden></span>
    </header>
    <main>
      <section id="stats" aria-labelledby="stats-title">
        <h2 id="stats-title">Cluster</h2>
        <div class="cards">
          <div class="card"><span class="label">Nodes alive</span><span class="value" id="stat-nodes">—</span></div>
          <div class="card"><span class="label">Steps / s</span><span class="value" id="stat-speed">—</span></div>
          <div class="card"><span class="label">Jobs queued</span><span class="value" id="stat-queued">—</span></div>
          <div class="card"><span class="label">Jobs running</span><span class="value" id="stat-running">—</span></div>
          <div class="card"><span class="label">Jobs done</span><span class="value" id="stat-done">—</span></div>
          <div class="card"><span class="label">Jobs cancelled</span><span class="value" id="stat-cancelled">—</span></div>
          <div class="card"><span class="label">Units leased</span><span class="value" id="stat-leased">—</span></div>
          <div class="card"><span class="label">Results</span><span class="value" id="stat-results">—</span></div>
        </div>
        <form id="unlock" method="post" autocomplete="off">
          <label for="secret">Node and totals need the hive secret (kept in this tab only):</label>
          <input id="secret" name="secret" type="password" autocomplete="off" spellcheck="false" required>
          <button type="submit">Unlock</button>
          <span id="unlock-message" role="status"></span>
        </form>
        <div id="unlocked" hidden>
          <table id="nodes">
            <thead><tr><th>Node</th><th>Cores</th><th>State</th><th>Steps / s</th><th>Job</th></tr></thead>
            <tbody></tbody>
          </table>
          <button id="forget" type="button">Forget the secret</button>
        </div>
      </section>
      <section id="jobs-section" aria-labelledby="jobs-title">
        <h2 id="jobs-title">Jobs</h2>
        <p id="jobs-empty">No jobs yet. Submit one with <code>keyforge job submit JOB.json</code>.</p>
        <table id="jobs">
          <thead><tr><th>Job</th><th>Keyboard</th><th>Status</th><th>Progress</th><th>Best score</th><th>Created (UTC)</th></tr></thead>
          <tbody></tbody>
        </table>
      </section>
      <section id="detail" aria-labelledby="detail-title" hidden>
        <h2 id="detail-title">Best layout</h2>
        <p id="detail-summary"></p>
        <div id="board"></div>
        <ul id="legend" aria-label="Finger colours">
          <li><span class="swatch f4"></span>pinky</li><li><span class="swatch f3"></span>ring</li>
          <li><span class="swatch f2"></span>middle</li><li><span class="swatch f1"></span>index</li>
          <li><span class="swatch f0"></span>thumb</li><li><span class="swatch home"></span>home key</li>
        </ul>
        <p id="detail-layout" class="mono"></p>
      </section>
    </main>
    <footer>Scores are cost per 100 000 typed characters; lower is better. Live from <code>GET /events</code>.</footer>
    </body>
    </html>

    """#

    /// The style sheet (`/dashboard.css`).
    static let styleText = #"""
    :root { color-scheme: light dark; --bg: #f6f7f9; --fg: #1d2330; --muted: #667085; --card: #ffffff; --line: #d9dee7;
            --accent: #2f6fdf; --good: #1f9d55; --warn: #c47f00; --bad: #c4352b;
            --f0: #d9dde4; --f1: #a9d8e8; --f2: #cfe8a9; --f3: #f6d49a; --f4: #f4b6b6; }
    @media (prefers-color-scheme: dark) {
      :root { --bg: #14171d; --fg: #e6e9ef; --muted: #98a2b3; --card: #1d2129; --line: #2f3542; --accent: #6f9cf0; }
    }
    * { box-sizing: border-box; }
    [hidden] { display: none !important; }
    body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--fg); }
    header { display: flex; align-items: center; gap: 1rem; padding: .8rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--card); }
    h1 { font-size: 1.2rem; margin: 0; }
    h2 { font-size: 1rem; margin: 0 0 .6rem; }
    main { padding: 1rem 1.5rem; display: grid; gap: 1.2rem; }
    section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; }
    footer { color: var(--muted); padding: 0 1.5rem 1.5rem; font-size: .85rem; }
    code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; }
    .pill { border-radius: 999px; padding: .1rem .6rem; font-size: .8rem; border: 1px solid var(--line); color: var(--muted); }
    .pill[data-state="live"] { color: var(--good); border-color: var(--good); }
    .pill[data-state="reconnecting"] { color: var(--warn); border-color: var(--warn); }
    .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr)); gap: .6rem; margin-bottom: .8rem; }
    .card { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .7rem; display: flex; flex-direction: column; }
    .card .label { color: var(--muted); font-size: .8rem; }
    .card .value { font-size: 1.3rem; font-variant-numeric: tabular-nums; }
    form#unlock { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; color: var(--muted); }
    input, button { font: inherit; padding: .25rem .5rem; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
    button { cursor: pointer; }
    #unlock-message[data-kind="error"], #problem { color: var(--bad); }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
    th { color: var(--muted); font-weight: 600; font-size: .8rem; }
    #jobs tbody tr { cursor: pointer; }
    #jobs tbody tr:hover { background: color-mix(in srgb, var(--accent) 8%, transparent); }
    #jobs tbody tr[aria-selected="true"] { background: color-mix(in srgb, var(--accent) 16%, transparent); }
    .status-running { color: var(--accent); } .status-done { color: var(--good); } .status-cancelled { color: var(--muted); }
    .bar { display: inline-block; width: 110px; height: 8px; border-radius: 4px; background: var(--line); vertical-align: middle; overflow: hidden; }
    .bar > span { display: block; height: 100%; background: var(--accent); transition: width .3s; }
    .units { margin-left: .4rem; color: var(--muted); }
    .best.flash { animation: flash 1.2s ease-out; }
    @keyframes flash { from { background: color-mix(in srgb, var(--good) 40%, transparent); } to { background: transparent; } }
    #nodes { margin-bottom: .6rem; }
    #board svg { width: 100%; max-width: 900px; height: auto; display: block; }
    #board .key { stroke: var(--line); stroke-width: .03; }
    #board .key.home { stroke: var(--fg); stroke-width: .05; }
    #board .f0 { fill: var(--f0); } #board .f1 { fill: var(--f1); } #board .f2 { fill: var(--f2); }
    #board .f3 { fill: var(--f3); } #board .f4 { fill: var(--f4); }
    #legend { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; margin: .6rem 0 0; color: var(--muted); font-size: .85rem; }
    #legend li { display: flex; align-items: center; gap: .35rem; }
    .swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; border: 1px solid var(--line); }
    .swatch.f0 { background: var(--f0); } .swatch.f1 { background: var(--f1); } .swatch.f2 { background: var(--f2); }
    .swatch.f3 { background: var(--f3); } .swatch.f4 { background: var(--f4); } .swatch.home { border: 2px solid var(--fg); }
    #board text { fill: #1d2330; font-family: system-ui, sans-serif; text-anchor: middle; dominant-baseline: central; }
    #board text.named { font-size: .26px; }
    #board text.symbol { font-size: .45px; font-weight: 600; }
    #detail-layout { color: var(--muted); word-break: break-all; }
    """#
}
