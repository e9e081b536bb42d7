import { useEffect, useRef } from "preact/hooks";
import type { EChartsCoreOption, EChartsType } from "echarts/core";

/** Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by line style too. */
export const palette = ["#1f5fa8", "#b3471d", "#2e7d32", "#6a1b9a", "#8a6d00"];

/**
 * One chart, drawn as SVG. The element is an image to assistive technology (its label says what it shows); the
 * figures it draws are in a table beside it.
 */
export function Chart({ option, label, kind, class: className }: { option: EChartsCoreOption; label: string; kind: string; class?: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | undefined>(undefined);
  useEffect(() => {
    let live = true;
    import("../echarts").then(({ draw }) => {
      if (!live || !element.current) return;
      chart.current ??= draw(element.current);
      chart.current.setOption({ animation: false, color: palette, textStyle: { fontFamily: "inherit" }, ...option }, true);
    });
    return () => { live = false; };
  }, [option]);
  useEffect(() => {
    const resize = () => chart.current?.resize();
    addEventListener("resize", resize);
    return () => { removeEventListener("resize", resize); chart.current?.dispose(); };
  }, []);
  return <div ref={element} class={`chart ${className ?? ""}`} role="img" aria-label={label} data-chart={kind} />;
}
