/**
 * Exports of what the workbench shows: a chart as SVG (vector, for slides and
 * print) or PNG (2× pixels), a table as CSV. Charts are self-contained SVG (Plot
 * inlines its styles), so the export is the chart as drawn, with a title added.
 */
import { download, h } from "./dom.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** The chart's SVG as a standalone document with a title, white background and black text. */
export function svgDocument(svg: SVGSVGElement, title: string): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute("xmlns", SVG_NS);
  clone.setAttribute("xmlns:xlink", "http://www.w3.org/1999/xlink");
  const width = Number(svg.getAttribute("width")) || svg.viewBox.baseVal.width || svg.clientWidth;
  const height =
    Number(svg.getAttribute("height")) || svg.viewBox.baseVal.height || svg.clientHeight;
  const titleHeight = 28;
  // Room above the chart for its title.
  const outer = document.createElementNS(SVG_NS, "svg");
  outer.setAttribute("xmlns", SVG_NS);
  outer.setAttribute("width", String(width));
  outer.setAttribute("height", String(height + titleHeight));
  outer.setAttribute("viewBox", `0 0 ${width} ${height + titleHeight}`);
  outer.setAttribute("font-family", "system-ui, -apple-system, 'Segoe UI', sans-serif");
  const label = document.createElementNS(SVG_NS, "title");
  label.textContent = title;
  outer.appendChild(label);
  const background = document.createElementNS(SVG_NS, "rect");
  background.setAttribute("width", "100%");
  background.setAttribute("height", "100%");
  background.setAttribute("fill", "white");
  outer.appendChild(background);
  const heading = document.createElementNS(SVG_NS, "text");
  heading.setAttribute("x", "8");
  heading.setAttribute("y", "19");
  heading.setAttribute("font-size", "15");
  heading.setAttribute("font-weight", "600");
  heading.setAttribute("fill", "#222");
  heading.textContent = title;
  outer.appendChild(heading);
  clone.setAttribute("y", String(titleHeight));
  clone.setAttribute("color", "#222");
  clone.removeAttribute("style");
  outer.appendChild(clone);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(outer)}`;
}

export function exportSvg(svg: SVGSVGElement, title: string, name: string): void {
  download(`${name}.svg`, svgDocument(svg, title), "image/svg+xml;charset=utf-8");
}

export async function exportPng(
  svg: SVGSVGElement,
  title: string,
  name: string,
  scale = 2,
): Promise<void> {
  const text = svgDocument(svg, title);
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml;charset=utf-8" }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error("the chart could not be drawn as an image"));
      image.src = url;
    });
    const canvas = h("canvas", { width: image.width * scale, height: image.height * scale });
    const context = canvas.getContext("2d")!;
    context.fillStyle = "white";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
    if (!blob) throw new Error("the browser could not encode the PNG");
    download(`${name}.png`, blob);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function exportCsv(text: string, name: string): void {
  download(`${name}.csv`, text, "text/csv;charset=utf-8");
}
