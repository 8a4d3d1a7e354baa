// KeyForge playground: Improve. A search on the server from the page's layout with its pins (/api/search),
// followed over Server-Sent Events: steps/s and best score as it runs, the best layout drawn as it improves,
// stoppable, and the result loadable into the board (an undoable step like a swap).
import { $, api, fixed } from './play-util.js';
import { extrasOf } from './play-layers.js';

// Wires the Improve, Stop and Load buttons to `app` (the page's state and its actions).
export function wireImprove(app) {
  function improve() {
    if (app.state.search) return;
    const seconds = Number($('improve-seconds').value) || 10;
    app.enqueue(async () => {
      const started = await api('/api/search', app.assets(Object.assign({ layout: app.state.layout, pins: [...app.state.pins], seconds },
                                                                        extrasOf(app.state))));
      const events = new EventSource('/api/search/' + encodeURIComponent(started.id) + '/events');
      app.state.search = { id: started.id, events };
      app.state.result = null;
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
        app.draw(data.layout).catch((error) => app.problem(error.message));
      });
      events.addEventListener('failure', (event) => {
        app.problem(JSON.parse(event.data).error);
      });
      events.addEventListener('done', (event) => {
        const data = JSON.parse(event.data);
        events.close();
        app.state.search = null;
        app.state.result = data;
        $('improve').disabled = false;
        $('improve-stop').disabled = true;
        $('improve-load').disabled = false;
        $('progress').dataset.state = 'done';
        $('progress').dataset.best = String(data.report.score);
        $('progress').textContent = 'done: ' + fixed(data.report.score) + ' (from ' + fixed(data.start_score) + ') after '
          + data.steps + ' steps in ' + fixed(data.seconds, 1) + ' s' + (data.stopped ? ', stopped' : '') + ' — Load result to use it';
        app.draw().catch((error) => app.problem(error.message));
      });
      events.onerror = () => {
        if (app.state.search && app.state.search.events === events && events.readyState === EventSource.CLOSED) {
          app.state.search = null;
          $('improve').disabled = false;
          $('improve-stop').disabled = true;
          app.problem('the search stream closed');
        }
      };
    });
  }

  function stopImprove() {
    if (!app.state.search) return;
    api('/api/search/' + encodeURIComponent(app.state.search.id) + '/stop', {}).catch((error) => app.problem(error.message));
  }

  function loadResult() {
    const result = app.state.result;
    if (!result) return;
    // The result's layers and rules as the search left them (the layout's own when it kept them).
    $('improve-load').disabled = true;
    app.commit({ layout: result.layout, layers: result.layers || {}, magic: result.magic || {} })
      .then(() => app.syncLayoutPicker());
  }

  $('improve').addEventListener('click', improve);
  $('improve-stop').addEventListener('click', stopImprove);
  $('improve-load').addEventListener('click', loadResult);
}
