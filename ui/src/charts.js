// ECharts, bundled at build time; only the chart types and components the pages use.
import * as echarts from 'echarts/core';
import { LineChart, BarChart, HeatmapChart, SankeyChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, VisualMapComponent,
  MarkLineComponent, MarkPointComponent, TitleComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, HeatmapChart, SankeyChart, ScatterChart, GridComponent, TooltipComponent,
  LegendComponent, DataZoomComponent, VisualMapComponent, MarkLineComponent, MarkPointComponent, TitleComponent,
  CanvasRenderer]);

const live = new Set();
window.addEventListener('resize', () => live.forEach(c => c.resize()));

/** A chart in `container`; `name` becomes data-chart, and the options set last are kept for the tests. */
export function chart(container, name, option) {
  container.classList.add('chart');
  container.dataset.chart = name;
  let c = echarts.getInstanceByDom(container);
  if (!c) {
    c = echarts.init(container, null, { renderer: 'canvas' });
    live.add(c);
  }
  c.setOption(option, true);
  container.dataset.rendered = 'true';
  return c;
}

/** Disposes the charts of the page being left. */
export function disposeAll() {
  live.forEach(c => c.dispose());
  live.clear();
}

/** The options of the chart rendered in `container` (the browser tests compare them with the API). */
window.__wattlineChart = name => {
  const dom = document.querySelector(`[data-chart="${name}"]`);
  const c = dom && echarts.getInstanceByDom(dom);
  return c ? c.getOption() : null;
};
