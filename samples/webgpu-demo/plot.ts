// Drawing for the WebGPU demo: the decision regions of the network with the training points on
// top, and the loss curve. Plain 2-D canvas, no dependencies.
import type { Dataset } from './data.ts';

/** The part of the plane the regions plot shows: x in [-XMAX, XMAX], y in [-YMAX, YMAX]. */
export const XMAX = 1.6;
export const YMAX = 1.15;
/** Side of one evaluated cell of the regions plot, in canvas pixels. */
export const CELL = 4;

export const BLUE: [number, number, number] = [37, 99, 235];
export const ORANGE: [number, number, number] = [234, 88, 12];

/**
 * Colours every CELL x CELL block of the canvas by the sign of score(x, y) at its centre (blue
 * for +1, orange for -1), paler near the boundary score = 0, then draws the points.
 */
export function drawRegions(canvas: HTMLCanvasElement, score: (x: Float64Array) => number, data: Dataset): void {
  const ctx = canvas.getContext('2d')!;
  const { width, height } = canvas;
  const image = ctx.createImageData(width, height);
  const p = new Float64Array(2);
  for (let cy = 0; cy < height; cy += CELL) {
    for (let cx = 0; cx < width; cx += CELL) {
      p[0] = -XMAX + (2 * XMAX * (cx + CELL / 2)) / width;
      p[1] = YMAX - (2 * YMAX * (cy + CELL / 2)) / height;
      const s = score(p);
      const colour = s >= 0 ? BLUE : ORANGE;
      // Weight of the class colour against white: 0.15 at the boundary, up to 0.55 far from it.
      const w = 0.15 + 0.4 * Math.tanh(Math.abs(s));
      const rgb = colour.map((c) => Math.round(255 + w * (c - 255)));
      for (let y = cy; y < Math.min(cy + CELL, height); y++) {
        for (let x = cx; x < Math.min(cx + CELL, width); x++) {
          const at = 4 * (y * width + x);
          image.data[at] = rgb[0];
          image.data[at + 1] = rgb[1];
          image.data[at + 2] = rgb[2];
          image.data[at + 3] = 255;
        }
      }
    }
  }
  ctx.putImageData(image, 0, 0);
  for (let s = 0; s < data.count; s++) {
    const px = ((data.x[2 * s] + XMAX) / (2 * XMAX)) * width;
    const py = ((YMAX - data.x[2 * s + 1]) / (2 * YMAX)) * height;
    const c = data.label[s] > 0 ? BLUE : ORANGE;
    ctx.beginPath();
    ctx.arc(px, py, 2.5, 0, 2 * Math.PI);
    ctx.fillStyle = `rgb(${c.join(',')})`;
    ctx.fill();
    ctx.strokeStyle = 'white';
    ctx.lineWidth = 0.75;
    ctx.stroke();
  }
}

/** The loss against the step, on a linear axis from 0 to the largest loss seen. */
export function drawLoss(canvas: HTMLCanvasElement, losses: number[], steps: number): void {
  const ctx = canvas.getContext('2d')!;
  const { width, height } = canvas;
  const left = 48;
  const right = 12;
  const top = 12;
  const bottom = 28;
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, width, height);
  const top1 = Math.max(...losses, 1e-12);
  const X = (k: number) => left + ((width - left - right) * k) / Math.max(1, steps - 1);
  const Y = (v: number) => top + (height - top - bottom) * (1 - v / top1);
  ctx.strokeStyle = '#999';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(left, top);
  ctx.lineTo(left, height - bottom);
  ctx.lineTo(width - right, height - bottom);
  ctx.stroke();
  ctx.fillStyle = '#444';
  ctx.font = '11px sans-serif';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of [0, top1 / 2, top1]) ctx.fillText(v.toPrecision(2), left - 6, Y(v));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const k of [0, Math.floor((steps - 1) / 2), steps - 1]) ctx.fillText(String(k), X(k), height - bottom + 6);
  ctx.fillText('step', (left + width - right) / 2, height - 12);
  if (losses.length === 0) return;
  ctx.strokeStyle = '#2563eb';
  ctx.lineWidth = 2;
  ctx.beginPath();
  losses.forEach((v, k) => (k === 0 ? ctx.moveTo(X(k), Y(v)) : ctx.lineTo(X(k), Y(v))));
  ctx.stroke();
}
