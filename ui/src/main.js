import './style.css';
import { disposeAll } from './charts.js';
import { el, notice } from './format.js';
import { newPageView } from './api.js';
import overview from './pages/overview.js';
import machine from './pages/machine.js';
import sankey from './pages/sankey.js';
import compare from './pages/compare.js';
import twin from './pages/twin.js';
import detect from './pages/detect.js';

// Hash routes (#/machine/<id>), so any path under /ui/ serves the same index.html and deep links work
// behind a plain static server.
// The title names the page (tabs, history, screen readers); the machine page adds the machine's name once known.
const routes = [
  [/^#?\/?$/, overview, 'overview', 'Plant overview'],
  [/^#\/machine\/([^/?]+)/, machine, 'overview', 'Machine'],
  [/^#\/sankey/, sankey, 'sankey', 'Energy flows'],
  [/^#\/compare/, compare, 'compare', 'Compare machines'],
  [/^#\/twin/, twin, 'twin', 'Asset-health twin'],
  [/^#\/detect/, detect, 'detect', 'Detection playground'],
];

let view = null; // the page on screen

/**
 * One page view. A page that is left while it still loads keeps running its awaits: it checks `alive` after
 * each one, draws only into its own `root` (detached once left), and registers its timers with `onLeave`
 * before it awaits, so nothing of it lands in or outlives the next page.
 */
function newView(app) {
  const cleanups = [];
  const v = {
    alive: true,
    root: el('div', { class: 'view' }),
    onLeave(fn) { if (v.alive) cleanups.push(fn); else fn(); },
    /** setInterval that stops when the page is left (and never starts on a page already left). */
    every(ms, fn) { if (!v.alive) return; const t = setInterval(fn, ms); v.onLeave(() => clearInterval(t)); },
    leave() { v.alive = false; cleanups.splice(0).forEach(fn => fn()); },
    /**
     * `fn(query)` is called, instead of a new view, when only the query of this page's hash changes: a page whose
     * pickers are in the URL (a reload or a shared link keeps them, the back button steps through them) redraws
     * what they changed, not the whole page.
     */
    onQuery(fn) { v.queryChanged = fn; },
    queryChanged: null,
    path: null,
  };
  app.append(v.root);
  return v;
}

async function render() {
  const app = document.getElementById('app');
  const hash = window.location.hash || '#/';
  const [path, search = ''] = hash.split('?');
  if (view && view.alive && view.path === path && view.queryChanged) {
    view.queryChanged(new URLSearchParams(search));
    return;
  }
  if (view) view.leave();
  disposeAll();
  newPageView();
  app.replaceChildren();
  app.dataset.state = 'loading';
  const current = view = newView(app);
  current.path = path;
  const found = routes.find(([re]) => re.test(hash));
  document.querySelectorAll('[data-nav]').forEach(a => a.classList.toggle('active', found && a.dataset.nav === found[2]));
  document.title = `${found ? found[3] : 'Page not found'} · Wattline`;
  if (!found) {
    current.root.append(notice(`No page at ${hash}`, 'error'));
    app.dataset.state = 'ready';
    return;
  }
  const [re, page] = found;
  const params = hash.match(re).slice(1).map(decodeURIComponent);
  const query = new URLSearchParams(search);
  try {
    const cleanup = await page(current.root, params, query, current);
    if (typeof cleanup === 'function') current.onLeave(cleanup);
  } catch (e) {
    // a refused or cancelled key: the prompt comes once per page view, so say how to get it again
    const again = e.status === 401 ? ' Reload the page to enter a key (./wattline local prints its development key).' : '';
    const said = /[.!?]$/.test(e.message) ? e.message : `${e.message}.`;
    if (current.alive) current.root.append(notice(`Could not load the page: ${said}${again}`, 'error'));
  }
  if (current.alive) app.dataset.state = 'ready';
}

window.addEventListener('hashchange', render);
render();

