// ECharts, bundled at build time; only the chart types and components the pages use.
import * as echarts from 'echarts/core';
import { LineChart, BarChart, HeatmapChart, SankeyChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, VisualMapComponent,
  MarkLineComponent, MarkPointComponent, TitleComponent, AriaComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, HeatmapChart, SankeyChart, ScatterChart, GridComponent, TooltipComponent,
  LegendComponent, DataZoomComponent, VisualMapComponent, MarkLineComponent, MarkPointComponent, TitleComponent,
  AriaComponent, CanvasRenderer]);

const live = new Set();
window.addEventListener('resize', () => live.forEach(c => c.resize()));

/** A chart in `container`; `name` becomes data-chart, and the options set last are kept for the tests. */
export function chart(container, name, option) {
  container.classList.add('chart');
  container.dataset.chart = name;
  let c = echarts.getInstanceByDom(container);
  // an instance whose drawing surface was taken out of the container (a notice replaced it) would draw unseen
  if (c && !container.contains(c.getZr().painter.getViewportRoot())) {
    clearChart(container);
    c = null;
  }
  if (!c) {
    c = echarts.init(container, null, { renderer: 'canvas' });
    live.add(c);
  }
  // a canvas says nothing to a screen reader: ECharts' aria describes the chart's series in the container's label
  c.setOption({ aria: { enabled: true }, ...option }, true);
  container.dataset.rendered = 'true';
  return c;
}

// ECharts places time ticks in the browser's zone or, with useUTC, in UTC: the charts use UTC (its ticks fall on
// the zone's round hours in whole-hour zones) and write each tick in the zone's wall-clock time (the factory's on
// the machine page, UTC on the detection page, whose table and tooltips are UTC).
const wallClock = new Map();
/** A time axis whose ticks are written in `zone`'s wall-clock time (the option needs useUTC: true). */
export function zonedAxis(zone) {
  if (!wallClock.has(zone)) {
    wallClock.set(zone, {
      day: new Intl.DateTimeFormat('en-US', { timeZone: zone, month: 'short', day: 'numeric' }),
      time: new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }),
    });
  }
  const f = wallClock.get(zone);
  return { type: 'time', axisLabel: { hideOverlap: true, formatter: v => {
    const time = f.time.format(v);
    if (time === '00:00') return f.day.format(v); // the factory's midnight: its date
    // a day's tick (UTC midnight) away from the factory's midnight keeps its date and says the hour
    return v % 86400_000 === 0 ? `${f.day.format(v)} ${time}` : time;
  } } };
}

/** Removes the chart of `container`, e.g. when a new request failed and its old figures would mislead. */
export function clearChart(container) {
  const c = echarts.getInstanceByDom(container);
  if (c) {
    live.delete(c);
    c.dispose();
  }
  container.replaceChildren();
  container.classList.remove('chart');
  delete container.dataset.rendered;
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

/** The laid-out nodes of a Sankey or graph chart: id and size on screen (the tests check every node is drawn). */
window.__wattlineNodes = name => {
  const dom = document.querySelector(`[data-chart="${name}"]`);
  const c = dom && echarts.getInstanceByDom(dom);
  const graph = c && c.getModel().getSeriesByIndex(0).getGraph();
  if (!graph) return null;
  // what the renderer actually paints: a node laid out but never drawn (a bad option) has no visible rectangle
  const painted = new Set(c.getZr().storage.getDisplayList().filter(e => e.type === 'rect' && !e.invisible && e.style.opacity !== 0)
    .map(e => `${Math.round(e.shape.width)}x${Math.round(e.shape.height)}`));
  return graph.nodes.map(n => {
    const l = n.getLayout();
    return { id: n.id, ...l, painted: painted.has(`${Math.round(l.dx)}x${Math.round(l.dy)}`) };
  });
};

/** The values a series of a chart is drawn at: a stacked series' tops (the tests check a band sits where it belongs). */
window.__wattlineDrawn = (name, seriesName) => {
  const dom = document.querySelector(`[data-chart="${name}"]`);
  const c = dom && echarts.getInstanceByDom(dom);
  const s = c && c.getModel().getSeries().find(x => x.name === seriesName);
  if (!s) return null;
  const data = s.getData();
  return data.mapArray(data.getCalculationInfo('stackResultDimension') || data.mapDimension('y'), v => v);
};

/** The x axis' ticks as drawn: instant and label (the tests check a time axis is written in the zone it says). */
window.__wattlineAxisLabels = name => {
  const dom = document.querySelector(`[data-chart="${name}"]`);
  const c = dom && echarts.getInstanceByDom(dom);
  const axis = c && c.getModel().getComponent('xAxis').axis;
  return axis ? axis.getViewLabels().map(l => ({ value: l.tickValue, label: l.formattedLabel })) : null;
};
