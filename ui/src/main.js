import './style.css';
import { disposeAll } from './charts.js';
import { notice } from './format.js';
import overview from './pages/overview.js';
import machine from './pages/machine.js';
import sankey from './pages/sankey.js';
import compare from './pages/compare.js';
import twin from './pages/twin.js';
import detect from './pages/detect.js';

// Hash routes (#/machine/<id>), so any path under /ui/ serves the same index.html and deep links work
// behind a plain static server.
const routes = [
  [/^#?\/?$/, overview, 'overview'],
  [/^#\/machine\/([^/?]+)/, machine, 'overview'],
  [/^#\/sankey/, sankey, 'sankey'],
  [/^#\/compare/, compare, 'compare'],
  [/^#\/twin/, twin, 'twin'],
  [/^#\/detect/, detect, 'detect'],
];

let leave = null;

async function render() {
  const app = document.getElementById('app');
  if (leave) leave();
  leave = null;
  disposeAll();
  app.replaceChildren();
  app.dataset.state = 'loading';
  const hash = window.location.hash || '#/';
  const found = routes.find(([re]) => re.test(hash));
  document.querySelectorAll('[data-nav]').forEach(a => a.classList.toggle('active', found && a.dataset.nav === found[2]));
  if (!found) {
    app.append(notice(`No page at ${hash}`, 'error'));
    app.dataset.state = 'ready';
    return;
  }
  const [re, page] = found;
  const params = hash.match(re).slice(1).map(decodeURIComponent);
  const query = new URLSearchParams(hash.split('?')[1] || '');
  try {
    leave = await page(app, params, query);
  } catch (e) {
    app.append(notice(`Could not load the page: ${e.message}`, 'error'));
  }
  app.dataset.state = 'ready';
}

window.addEventListener('hashchange', render);
render();

