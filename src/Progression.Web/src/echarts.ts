// ECharts, only what the pages draw (radar, lines, bands), rendered as SVG: loaded when a page first shows a chart.
// The simple grid and plain legend (no axis pointer, no scrolling legend), and no tooltip: it answers only to a mouse,
// and every figure drawn is in a table beside its chart.
import { init, use, type EChartsType } from "echarts/core";
import { LineChart, RadarChart } from "echarts/charts";
import { GridSimpleComponent, LegendPlainComponent, MarkAreaComponent, RadarComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

use([LineChart, RadarChart, GridSimpleComponent, LegendPlainComponent, MarkAreaComponent, RadarComponent, SVGRenderer]);

export const draw = (element: HTMLElement): EChartsType => init(element, null, { renderer: "svg" });
