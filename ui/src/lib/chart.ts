// Fitting text into the charts' fixed label columns. SVG text does not wrap or clip itself,
// and a long name drawn right-aligned runs off the left edge, cutting its start: labels are
// shortened from the end instead, measured with the advance widths of the window's font
// (DejaVu Sans, the first one the UI names that Debian has), and the full text goes into a
// <title> for hover.

/** Advance widths (em) of printable ASCII (32–126) in DejaVu Sans, from assets/fonts. */
const REGULAR = [
  0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361, 0.318, 0.337,
  0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838, 0.838, 0.838, 0.531,
  1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, 0.748, 0.787,
  0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5,
  0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612,
  0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
];
/** The same in DejaVu Sans Bold. */
const BOLD = [
  0.348, 0.456, 0.521, 0.838, 0.696, 1.002, 0.872, 0.306, 0.457, 0.457, 0.523, 0.838, 0.38, 0.415, 0.38, 0.365,
  0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.4, 0.4, 0.838, 0.838, 0.838, 0.58,
  1.0, 0.774, 0.762, 0.734, 0.83, 0.683, 0.683, 0.821, 0.837, 0.372, 0.372, 0.775, 0.637, 0.995, 0.837, 0.85,
  0.733, 0.85, 0.77, 0.72, 0.682, 0.812, 0.774, 1.103, 0.771, 0.724, 0.725, 0.457, 0.365, 0.457, 0.838, 0.5,
  0.5, 0.675, 0.716, 0.593, 0.716, 0.678, 0.435, 0.716, 0.712, 0.343, 0.343, 0.665, 0.343, 1.042, 0.712, 0.687,
  0.716, 0.716, 0.493, 0.595, 0.478, 0.712, 0.652, 0.924, 0.645, 0.652, 0.582, 0.712, 0.365, 0.712, 0.838,
];

/** Width of one character in em: ASCII from the font, wide scripts (CJK …) a full em,
 *  anything else as wide as the widest Latin letters, so an estimate errs wide. */
function charWidth(c: string, bold: boolean): number {
  const code = c.codePointAt(0) ?? 0;
  if (code >= 32 && code <= 126) return (bold ? BOLD : REGULAR)[code - 32];
  if (code > 0x2e7f) return 1.0;
  return bold ? 0.8 : 0.75;
}

/** Room for a system font a little wider than DejaVu Sans (system-ui comes first). */
const MARGIN = 1.04;

/** The width of `text` in pixels at `fontPx`, erring a little wide. */
export function textWidth(text: string, fontPx: number, bold = false): number {
  let em = 0;
  for (const c of text) em += charWidth(c, bold);
  return em * fontPx * MARGIN;
}

/** `text` as it fits into `widthPx`: whole when it fits, else cut at the end with "…". */
export function fitText(text: string, widthPx: number, fontPx: number, bold = false): string {
  if (textWidth(text, fontPx, bold) <= widthPx) return text;
  const room = widthPx - textWidth("…", fontPx, bold);
  let out = "";
  let used = 0;
  for (const c of text) {
    const w = charWidth(c, bold) * fontPx * MARGIN;
    if (used + w > room) break;
    out += c;
    used += w;
  }
  return out.trimEnd() + "…";
}
