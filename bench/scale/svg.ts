// A small hand-written SVG line chart for `npm run bench:scale`: axes with ticks, a log or
// linear x axis, one polyline per series with its points labelled, a legend, and optional
// horizontal reference lines. No dependency; the output is standalone SVG 1.1.

export interface Point {
  x: number;
  y: number;
  /** Printed beside the point; default: the y value, rounded. */
  label?: string;
}

export interface Series {
  name: string;
  points: Point[];
  dashed?: boolean;
}

export interface ChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  xLog?: boolean;
  /** A log y axis (values spanning decades, e.g. a 400 B read beside a 1 MB page). */
  yLog?: boolean;
  series: Series[];
  /** Horizontal reference lines (e.g. idle RSS). */
  hlines?: Array<{ y: number; label: string }>;
  /** Labels of the x ticks (log axis: default 1k, 10k, …). */
  xTickLabel?: (x: number) => string;
  /** Point labels: `all` (default), `last` (only the last point of each series: long series). */
  pointLabels?: 'all' | 'last' | 'none';
  width?: number;
  height?: number;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** 1000 → 1k, 1000000 → 1M, 2500 → 2.5k. */
export function compact(n: number): string {
  const a = Math.abs(n);
  const f = (v: number, s: string) => `${Number(v.toFixed(v < 10 ? 1 : 0))}${s}`;
  if (a >= 1e9) return f(n / 1e9, 'G');
  if (a >= 1e6) return f(n / 1e6, 'M');
  if (a >= 1e3) return f(n / 1e3, 'k');
  return String(Number(n.toPrecision(3)));
}

/** An axis tick: exact below 100k (1,250, 0.25), compact above. */
function tick(n: number): string {
  return Math.abs(n) < 100_000 ? Number(n.toPrecision(6)).toLocaleString('en-US') : compact(n);
}

/** A point's default label: 3 significant digits, no exponent. */
export function short(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= 100) return String(Math.round(n));
  if (a >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

/** Round tick steps (1, 2, 5 × 10^k) from 0 (or the minimum) to at least max. */
function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) max = min + 1;
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const start = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

export function lineChart(spec: ChartSpec): string {
  const W = spec.width ?? 820;
  const H = spec.height ?? 480;
  const longest = Math.max(0, ...spec.series.map((s) => s.name.length));
  const m = { top: 48, right: Math.max(120, 56 + longest * 6.6), bottom: 58, left: 78 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const pts = spec.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const out: string[] = [];
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${W / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(spec.title)}</text>`);
  if (!pts.length) {
    out.push(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle" fill="#888">no data</text>`, '</svg>');
    return `${out.join('\n')}\n`;
  }

  // x scale
  const xs = pts.map((p) => p.x);
  let xTicks: number[];
  let sx: (x: number) => number;
  if (spec.xLog) {
    const lo = Math.floor(Math.log10(Math.min(...xs.filter((x) => x > 0), 1e308)));
    let hi = Math.ceil(Math.log10(Math.max(...xs)));
    if (hi === lo) hi = lo + 1;
    xTicks = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
    sx = (x) => m.left + ((Math.log10(Math.max(x, 10 ** lo)) - lo) / (hi - lo)) * pw;
  } else {
    xTicks = niceTicks(Math.min(0, ...xs), Math.max(...xs));
    const lo = xTicks[0];
    const hi = xTicks[xTicks.length - 1];
    sx = (x) => m.left + ((x - lo) / (hi - lo)) * pw;
  }
  // y scale: from 0, or log
  const ys = [...pts.map((p) => p.y), ...(spec.hlines ?? []).map((h) => h.y)];
  let yTicks: number[];
  let sy: (y: number) => number;
  if (spec.yLog) {
    const pos = ys.filter((y) => y > 0);
    const lo = Math.floor(Math.log10(Math.min(...pos, 1e308)));
    let hi = Math.ceil(Math.log10(Math.max(...pos) * 1.05));
    if (hi === lo) hi = lo + 1;
    yTicks = [];
    for (let e = lo; e <= hi; e++) for (const k of hi - lo <= 2 ? [1, 2, 5] : [1]) if (k * 10 ** e <= 10 ** hi) yTicks.push(k * 10 ** e);
    sy = (y) => m.top + ph - ((Math.log10(Math.max(y, 10 ** lo)) - lo) / (hi - lo)) * ph;
  } else {
    yTicks = niceTicks(0, Math.max(...ys) * 1.08 || 1);
    const yHi = yTicks[yTicks.length - 1];
    sy = (y) => m.top + ph - (y / yHi) * ph;
  }

  // grid and axes
  out.push(`<g stroke="#e5e5e5" stroke-width="1">`);
  for (const t of yTicks) out.push(`<line x1="${m.left}" y1="${sy(t).toFixed(1)}" x2="${m.left + pw}" y2="${sy(t).toFixed(1)}"/>`);
  for (const t of xTicks) out.push(`<line x1="${sx(t).toFixed(1)}" y1="${m.top}" x2="${sx(t).toFixed(1)}" y2="${m.top + ph}"/>`);
  out.push('</g>');
  out.push(`<g stroke="#333" stroke-width="1.2"><line x1="${m.left}" y1="${m.top + ph}" x2="${m.left + pw}" y2="${m.top + ph}"/><line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${m.top + ph}"/></g>`);
  const xl = spec.xTickLabel ?? (spec.xLog ? compact : (x: number) => String(x));
  out.push('<g fill="#333">');
  for (const t of xTicks) out.push(`<text x="${sx(t).toFixed(1)}" y="${m.top + ph + 18}" text-anchor="middle">${esc(xl(t))}</text>`);
  for (const t of yTicks) out.push(`<text x="${m.left - 8}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${esc(tick(t))}</text>`);
  out.push('</g>');
  out.push(`<text x="${m.left + pw / 2}" y="${H - 14}" text-anchor="middle">${esc(spec.xLabel)}${spec.xLog ? ' (log scale)' : ''}</text>`);
  out.push(`<text x="18" y="${m.top + ph / 2}" text-anchor="middle" transform="rotate(-90 18 ${m.top + ph / 2})">${esc(spec.yLabel)}${spec.yLog ? ' (log scale)' : ''}</text>`);

  // reference lines
  for (const h of spec.hlines ?? []) {
    const y = sy(h.y).toFixed(1);
    out.push(`<line x1="${m.left}" y1="${y}" x2="${m.left + pw}" y2="${y}" stroke="#999" stroke-width="1" stroke-dasharray="2 3"/>`);
    out.push(`<text x="${m.left + 4}" y="${Number(y) - 4}" fill="#666" font-size="11">${esc(h.label)}</text>`);
  }

  // series
  spec.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const ok = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    if (!ok.length) return;
    const d = ok.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
    out.push(`<g>`);
    out.push(`<polyline points="${d}" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    const labelled = spec.pointLabels === 'none' ? [] : spec.pointLabels === 'last' ? ok.slice(-1) : ok;
    for (const p of ok) out.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="${ok.length > 40 ? 1.8 : 3.2}" fill="${color}"/>`);
    // Odd series are labelled below their points, even ones above: two close lines stay readable.
    const dy = i % 2 ? 14 : -6;
    for (const p of labelled) out.push(`<text x="${(sx(p.x) + 5).toFixed(1)}" y="${(sy(p.y) + dy).toFixed(1)}" fill="${color}" font-size="10">${esc(p.label ?? short(p.y))}</text>`);
    out.push('</g>');
    // legend
    const ly = m.top + 8 + i * 20;
    const lx = m.left + pw + 16;
    out.push(`<line x1="${lx}" y1="${ly}" x2="${lx + 22}" y2="${ly}" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    out.push(`<text x="${lx + 28}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
