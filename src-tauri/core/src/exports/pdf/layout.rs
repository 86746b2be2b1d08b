//! PDF layout without printpdf: turns text, lists, tables and charts into positioned drawing
//! commands on A4 pages — line breaking (unicode-linebreak) with measured widths, a page
//! cursor with page breaks and keep-with-next, tables whose header repeats on each page,
//! bookmarks, and "page N of M" added once the page count is known. Unit-testable with any
//! `Measure`.

use unicode_linebreak::{BreakOpportunity, linebreaks};

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
pub const MARGIN_X: f32 = 50.0;
pub const MARGIN_TOP: f32 = 54.0;
pub const MARGIN_BOTTOM: f32 = 60.0;
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

pub const INK: Rgb = Rgb(0.11, 0.14, 0.19);
pub const MUTED: Rgb = Rgb(0.36, 0.40, 0.46);
pub const ACCENT: Rgb = Rgb(0.12, 0.31, 0.47);
pub const ACCENT_SOFT: Rgb = Rgb(0.89, 0.93, 0.97);
pub const RULE: Rgb = Rgb(0.83, 0.86, 0.89);
pub const ZEBRA: Rgb = Rgb(0.965, 0.972, 0.98);
pub const BAR: Rgb = Rgb(0.49, 0.65, 0.81);
pub const DANGER: Rgb = Rgb(0.71, 0.14, 0.09);
pub const DANGER_SOFT: Rgb = Rgb(0.99, 0.91, 0.90);

/// One positioned drawing command; y grows downwards from the page's top edge.
#[derive(Debug, Clone, PartialEq)]
pub enum Draw {
    /// Text whose baseline starts at (x, y).
    Text {
        x: f32,
        y: f32,
        text: String,
        size: f32,
        bold: bool,
        color: Rgb,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Rgb>,
        stroke: Option<Rgb>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub draws: Vec<Draw>,
}

/// A laid-out document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub pages: Vec<Page>,
    /// Outline entries: title and 1-based page number.
    pub bookmarks: Vec<(String, usize)>,
}

impl Document {
    /// Every text on every page, in drawing order, one per line (what a golden test compares).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (index, page) in self.pages.iter().enumerate() {
            out += &format!("=== page {} ===\n", index + 1);
            for draw in &page.draws {
                if let Draw::Text { text, .. } = draw {
                    out += text;
                    out.push('\n');
                }
            }
        }
        out
    }
}

/// Text widths and glyph coverage of the fonts.
pub trait Measure {
    /// Width in points of `text` at `size`.
    fn width(&self, text: &str, size: f32, bold: bool) -> f32;
    /// Whether the font draws `c`.
    fn covers(&self, c: char) -> bool;
}

/// The mark drawn for a character the font lacks: visible, never silently dropped.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Text the fonts can draw: control characters dropped (tabs become spaces), characters
/// outside the fonts replaced by a visible mark.
pub fn drawable(text: &str, measure: &dyn Measure) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            c if c.is_control() => None,
            c if measure.covers(c) => Some(c),
            _ => Some(if measure.covers(REPLACEMENT) { REPLACEMENT } else { '?' }),
        })
        .collect()
}

/// Splits `text` into lines no wider than `width` at the allowed break opportunities; a word
/// longer than a line is broken between characters.
pub fn wrap(text: &str, width: f32, size: f32, bold: bool, measure: &dyn Measure) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut start = 0;
        for (end, opportunity) in linebreaks(paragraph) {
            let segment = &paragraph[start..end];
            start = end;
            let candidate = format!("{line}{segment}");
            if measure.width(candidate.trim_end(), size, bold) <= width {
                line = candidate;
            } else {
                if !line.trim().is_empty() {
                    lines.push(line.trim_end().to_owned());
                }
                line = String::new();
                for c in segment.chars() {
                    let next = format!("{line}{c}");
                    if measure.width(next.trim_end(), size, bold) > width && !line.is_empty() {
                        lines.push(line.trim_end().to_owned());
                        line = c.to_string();
                    } else {
                        line = next;
                    }
                }
            }
            if opportunity == BreakOpportunity::Mandatory && end < paragraph.len() {
                lines.push(line.trim_end().to_owned());
                line = String::new();
            }
        }
        lines.push(line.trim_end().to_owned());
    }
    lines
}

/// A title (a table's column header) in lines no wider than `width`: broken between words,
/// and a word too long for a line is hyphenated ("Microser-" / "vices"), never left with a
/// stray letter or two on a line of its own.
pub fn wrap_title(text: &str, width: f32, size: f32, bold: bool, measure: &dyn Measure) -> Vec<String> {
    /// The fewest letters a hyphenated word leaves on a line.
    const SHORTEST: usize = 3;
    let fits = |line: &str| measure.width(line, size, bold) <= width;
    // Words, and the parts of a hyphenated word ("Service-" "oriented"), joined into lines.
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        for (i, part) in word.split_inclusive('-').enumerate() {
            let joined =
                lines.last().map(|last| if i == 0 { format!("{last} {part}") } else { format!("{last}{part}") });
            match (lines.last_mut(), joined) {
                (Some(last), Some(joined)) if fits(&joined) => *last = joined,
                _ => lines.push(part.to_owned()),
            }
        }
    }
    let mut out = Vec::new();
    for line in lines {
        if fits(&line) {
            out.push(line);
            continue;
        }
        // A single word wider than the column: pieces that fit with their hyphen.
        let chars: Vec<char> = line.chars().collect();
        let mut start = 0;
        while start < chars.len() {
            let mut end = start + 1;
            while end < chars.len() && fits(&format!("{}-", chars[start..=end].iter().collect::<String>())) {
                end += 1;
            }
            if end < chars.len() && chars.len() - end < SHORTEST {
                end = (chars.len() - SHORTEST).max(start + 1);
            }
            let piece: String = chars[start..end].iter().collect();
            out.push(if end < chars.len() { format!("{piece}-") } else { piece });
            start = end;
        }
    }
    if out.is_empty() { vec![String::new()] } else { out }
}

/// One line of `text` no wider than `width`: whole when it fits, else cut at the end with "…".
pub fn ellipsize(text: &str, width: f32, size: f32, bold: bool, measure: &dyn Measure) -> String {
    if measure.width(text, size, bold) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        let next = format!("{out}{c}…");
        if measure.width(&next, size, bold) > width {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// A table column: its title, its width in points and whether numbers sit on the right.
pub struct Column {
    pub title: String,
    pub width: f32,
    pub right: bool,
}

/// The page cursor: places blocks top to bottom and starts a new page when one does not fit.
pub struct Writer<'a> {
    measure: &'a dyn Measure,
    pages: Vec<Page>,
    bookmarks: Vec<(String, usize)>,
    y: f32,
}

impl<'a> Writer<'a> {
    pub fn new(measure: &'a dyn Measure) -> Self {
        Self { measure, pages: vec![Page::default()], bookmarks: Vec::new(), y: MARGIN_TOP }
    }

    fn draw(&mut self, draw: Draw) {
        if let Some(page) = self.pages.last_mut() {
            page.draws.push(draw);
        }
    }

    fn remaining(&self) -> f32 {
        PAGE_HEIGHT - MARGIN_BOTTOM - self.y
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = MARGIN_TOP;
    }

    /// Starts a new page unless `height` points still fit on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.remaining() < height && self.y > MARGIN_TOP {
            self.new_page();
        }
    }

    pub fn space(&mut self, height: f32) {
        self.y += height;
    }

    fn line_height(size: f32) -> f32 {
        size * 1.38
    }

    /// Places already-wrapped lines at `x`, breaking pages between lines.
    fn lines(&mut self, lines: &[String], x: f32, size: f32, bold: bool, color: Rgb) {
        let step = Self::line_height(size);
        for line in lines {
            self.ensure(step);
            self.y += step;
            if !line.is_empty() {
                let text = line.clone();
                self.draw(Draw::Text { x, y: self.y - step * 0.25, text, size, bold, color });
            }
        }
    }

    /// A paragraph wrapped to the content width (minus `indent`).
    pub fn paragraph(&mut self, text: &str, size: f32, bold: bool, color: Rgb, indent: f32) {
        let text = drawable(text, self.measure);
        let lines = wrap(&text, CONTENT_WIDTH - indent, size, bold, self.measure);
        self.lines(&lines, MARGIN_X + indent, size, bold, color);
        self.space(size * 0.5);
    }

    /// A section heading: kept with at least three lines of what follows; level 1 headings
    /// get a bookmark and a rule.
    pub fn heading(&mut self, text: &str, level: u8) {
        let size = if level == 1 { 14.0 } else { 11.5 };
        let text = drawable(text, self.measure);
        let lines = wrap(&text, CONTENT_WIDTH, size, true, self.measure);
        // Kept with what follows: three lines of text, and under a section heading room for a
        // sub-heading too (the section's first block often starts with one).
        let sub_heading = if level == 1 { Self::line_height(11.5) + 12.0 } else { 0.0 };
        let needed = Self::line_height(size) * lines.len() as f32 + 3.0 * Self::line_height(10.0) + 10.0 + sub_heading;
        self.ensure(needed);
        self.space(if level == 1 { 10.0 } else { 6.0 });
        if level == 1 {
            self.bookmarks.push((text.clone(), self.pages.len()));
        }
        self.lines(&lines, MARGIN_X, size, true, if level == 1 { ACCENT } else { INK });
        if level == 1 {
            self.space(3.0);
            let y = self.y;
            self.draw(Draw::Line { x1: MARGIN_X, y1: y, x2: MARGIN_X + CONTENT_WIDTH, y2: y, width: 0.6, color: RULE });
        }
        self.space(6.0);
    }

    /// A bulleted item with a hanging indent; `label` (e.g. "Good, because") is set in bold.
    pub fn bullet(&mut self, label: &str, text: &str, size: f32) {
        let indent = 14.0;
        let full = if label.is_empty() { text.to_owned() } else { format!("{label} {text}") };
        let full = drawable(&full, self.measure);
        let lines = wrap(&full, CONTENT_WIDTH - indent, size, false, self.measure);
        let step = Self::line_height(size);
        self.ensure(step);
        let first_y = self.y + step - step * 0.25;
        self.draw(Draw::Text { x: MARGIN_X + 3.0, y: first_y, text: "•".into(), size, bold: false, color: ACCENT });
        self.lines(&lines, MARGIN_X + indent, size, false, INK);
        self.space(2.0);
    }

    /// A table; the header row is repeated at the top of every page the table spans.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>], size: f32, highlight: Option<usize>) {
        let pad = 4.0;
        let step = Self::line_height(size);
        let wrap_row = |writer: &Self, cells: &[String], bold: bool| -> Vec<Vec<String>> {
            cells
                .iter()
                .zip(columns)
                .map(|(cell, column)| {
                    let cell = drawable(cell, writer.measure);
                    wrap(&cell, column.width - 2.0 * pad, size, bold, writer.measure)
                })
                .collect()
        };
        // The header shrinks (down to 6 pt) until its longest word fits its column, so a
        // column title wraps between words, never inside one.
        let header_size = columns
            .iter()
            .map(|column| {
                let title = drawable(&column.title, self.measure);
                let widest =
                    title.split_whitespace().map(|word| self.measure.width(word, size, true)).fold(0.0, f32::max);
                if widest > 0.0 { size * (column.width - 2.0 * pad) / widest } else { size }
            })
            .fold(size, f32::min)
            .max(6.0);
        let header_lines: Vec<Vec<String>> = columns
            .iter()
            .map(|column| {
                let title = drawable(&column.title, self.measure);
                wrap_title(&title, column.width - 2.0 * pad, header_size, true, self.measure)
            })
            .collect();
        let header_step = Self::line_height(header_size);
        let header_height = header_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * header_step + 2.0 * pad;
        let draw_header = |writer: &mut Self| {
            let y = writer.y;
            writer.draw(Draw::Rect {
                x: MARGIN_X,
                y,
                w: CONTENT_WIDTH,
                h: header_height,
                fill: Some(ACCENT_SOFT),
                stroke: None,
            });
            writer.cells(columns, &header_lines, y, pad, header_size, true, ACCENT);
            writer.y += header_height;
        };
        let first_row_height = rows
            .first()
            .map(|r| wrap_row(self, r, false).iter().map(Vec::len).max().unwrap_or(1) as f32 * step + 2.0 * pad)
            .unwrap_or(0.0);
        self.ensure(header_height + first_row_height);
        draw_header(self);
        for (index, row) in rows.iter().enumerate() {
            let lines = wrap_row(self, row, highlight == Some(index));
            let height = lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * step + 2.0 * pad;
            if self.remaining() < height {
                self.new_page();
                draw_header(self);
            }
            let y = self.y;
            let fill = if highlight == Some(index) {
                Some(ACCENT_SOFT)
            } else if index % 2 == 1 {
                Some(ZEBRA)
            } else {
                None
            };
            if let Some(fill) = fill {
                self.draw(Draw::Rect { x: MARGIN_X, y, w: CONTENT_WIDTH, h: height, fill: Some(fill), stroke: None });
            }
            self.cells(columns, &lines, y, pad, size, highlight == Some(index), INK);
            self.y += height;
            let y = self.y;
            self.draw(Draw::Line { x1: MARGIN_X, y1: y, x2: MARGIN_X + CONTENT_WIDTH, y2: y, width: 0.4, color: RULE });
        }
        self.space(10.0);
    }

    #[allow(clippy::too_many_arguments)]
    fn cells(
        &mut self,
        columns: &[Column],
        lines: &[Vec<String>],
        top: f32,
        pad: f32,
        size: f32,
        bold: bool,
        color: Rgb,
    ) {
        let step = Self::line_height(size);
        let mut x = MARGIN_X;
        for (column, cell) in columns.iter().zip(lines) {
            for (i, line) in cell.iter().enumerate() {
                let width = self.measure.width(line, size, bold);
                let left = if column.right { x + column.width - pad - width } else { x + pad };
                let y = top + pad + step * (i as f32 + 1.0) - step * 0.25;
                self.draw(Draw::Text { x: left, y, text: line.clone(), size, bold, color });
            }
            x += column.width;
        }
    }

    /// Horizontal bars on a 0–100 scale: (label, value, highlighted, flag shown after the value).
    pub fn bar_chart(&mut self, bars: &[(String, Option<f64>, bool, Option<String>)]) {
        let label_width = 150.0;
        let chart_width = CONTENT_WIDTH - label_width - 90.0;
        let bar_height = 14.0;
        let row = 22.0;
        self.ensure(bars.len() as f32 * row + 24.0);
        let top = self.y + 4.0;
        for tick in [0.0_f32, 25.0, 50.0, 75.0, 100.0] {
            let x = MARGIN_X + label_width + chart_width * tick / 100.0;
            let bottom = top + bars.len() as f32 * row;
            self.draw(Draw::Line { x1: x, y1: top, x2: x, y2: bottom, width: 0.4, color: RULE });
            let text = format!("{tick:.0}");
            let w = self.measure.width(&text, 7.5, false);
            self.draw(Draw::Text { x: x - w / 2.0, y: bottom + 10.0, text, size: 7.5, bold: false, color: MUTED });
        }
        for (i, (label, value, highlighted, flag)) in bars.iter().enumerate() {
            let y = top + i as f32 * row;
            let label = drawable(label, self.measure);
            let label = ellipsize(&label, label_width - 8.0, 9.0, true, self.measure);
            let w = self.measure.width(&label, 9.0, true);
            let text_y = y + row / 2.0 + 3.0;
            self.draw(Draw::Text {
                x: MARGIN_X + label_width - 8.0 - w,
                y: text_y,
                text: label,
                size: 9.0,
                bold: true,
                color: INK,
            });
            match value {
                Some(v) => {
                    let w = (chart_width * (*v as f32) / 100.0).max(1.0);
                    let (fill, stroke) = match (flag, highlighted) {
                        (Some(_), _) => (DANGER_SOFT, Some(DANGER)),
                        (None, true) => (ACCENT, None),
                        (None, false) => (BAR, None),
                    };
                    let bar_y = y + (row - bar_height) / 2.0;
                    self.draw(Draw::Rect {
                        x: MARGIN_X + label_width,
                        y: bar_y,
                        w,
                        h: bar_height,
                        fill: Some(fill),
                        stroke,
                    });
                    let mut text = format!("{v:.1}");
                    if let Some(flag) = flag {
                        text += &format!("  {flag}");
                    }
                    let text = drawable(&text, self.measure);
                    self.draw(Draw::Text {
                        x: MARGIN_X + label_width + w + 5.0,
                        y: text_y,
                        text,
                        size: 8.5,
                        bold: false,
                        color: INK,
                    });
                }
                None => self.draw(Draw::Text {
                    x: MARGIN_X + label_width + 4.0,
                    y: text_y,
                    text: "no scores".into(),
                    size: 8.5,
                    bold: false,
                    color: MUTED,
                }),
            }
        }
        self.y = top + bars.len() as f32 * row + 20.0;
    }

    /// A boxed block of label/value lines (the record's header).
    pub fn fact_box(&mut self, title: &str, facts: &[(&str, String)]) {
        let label_width = 110.0;
        let pad = 10.0;
        let title = drawable(title, self.measure);
        let title_lines = wrap(&title, CONTENT_WIDTH - 2.0 * pad, 17.0, true, self.measure);
        let fact_lines: Vec<Vec<String>> = facts
            .iter()
            .map(|(_, value)| {
                let value = drawable(value, self.measure);
                wrap(&value, CONTENT_WIDTH - 2.0 * pad - label_width, 9.5, false, self.measure)
            })
            .collect();
        let height = 2.0 * pad
            + title_lines.len() as f32 * Self::line_height(17.0)
            + 6.0
            + fact_lines.iter().map(|l| l.len() as f32 * Self::line_height(9.5)).sum::<f32>();
        self.ensure(height);
        let top = self.y;
        self.draw(Draw::Rect {
            x: MARGIN_X,
            y: top,
            w: CONTENT_WIDTH,
            h: height,
            fill: Some(ACCENT_SOFT),
            stroke: Some(ACCENT),
        });
        self.draw(Draw::Rect { x: MARGIN_X, y: top, w: 4.0, h: height, fill: Some(ACCENT), stroke: None });
        self.y = top + pad;
        self.lines(&title_lines, MARGIN_X + pad, 17.0, true, ACCENT);
        self.y += 6.0;
        for ((label, _), lines) in facts.iter().zip(&fact_lines) {
            let step = Self::line_height(9.5);
            let y = self.y + step * 0.75;
            self.draw(Draw::Text {
                x: MARGIN_X + pad,
                y,
                text: (*label).to_owned(),
                size: 9.5,
                bold: true,
                color: MUTED,
            });
            self.lines(lines, MARGIN_X + pad + label_width, 9.5, false, INK);
        }
        self.y = top + height + 14.0;
    }

    /// Ends the layout: adds "page N of M" and the footer line to every page.
    pub fn finish(mut self, footer: &str) -> Document {
        let total = self.pages.len();
        // The footer leaves room for the widest page label ("page 12 of 12").
        let widest = self.measure.width(&format!("page {total} of {total}"), 7.5, false);
        let footer =
            ellipsize(&drawable(footer, self.measure), CONTENT_WIDTH - widest - 12.0, 7.5, false, self.measure);
        for (index, page) in self.pages.iter_mut().enumerate() {
            let y = PAGE_HEIGHT - MARGIN_BOTTOM + 28.0;
            page.draws.push(Draw::Line {
                x1: MARGIN_X,
                y1: y - 12.0,
                x2: MARGIN_X + CONTENT_WIDTH,
                y2: y - 12.0,
                width: 0.4,
                color: RULE,
            });
            page.draws.push(Draw::Text { x: MARGIN_X, y, text: footer.clone(), size: 7.5, bold: false, color: MUTED });
            let label = format!("page {} of {total}", index + 1);
            let width = self.measure.width(&label, 7.5, false);
            page.draws.push(Draw::Text {
                x: MARGIN_X + CONTENT_WIDTH - width,
                y,
                text: label,
                size: 7.5,
                bold: false,
                color: MUTED,
            });
        }
        Document { pages: self.pages, bookmarks: self.bookmarks }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every character is 0.5 em wide; the "font" lacks only '✈'.
    pub(crate) struct FixedWidth;

    impl Measure for FixedWidth {
        fn width(&self, text: &str, size: f32, _bold: bool) -> f32 {
            text.chars().count() as f32 * size * 0.5
        }
        fn covers(&self, c: char) -> bool {
            c != '✈'
        }
    }

    #[test]
    fn wrap_breaks_at_spaces_and_inside_overlong_words() {
        // 10 pt, 0.5 em: 5 pt a character; 50 pt holds 10 characters.
        assert_eq!(wrap("the quick brown fox", 50.0, 10.0, false, &FixedWidth), ["the quick", "brown fox"]);
        assert_eq!(wrap("abcdefghijklmno", 50.0, 10.0, false, &FixedWidth), ["abcdefghij", "klmno"]);
        assert_eq!(wrap("one\ntwo", 50.0, 10.0, false, &FixedWidth), ["one", "two"]);
    }

    #[test]
    fn a_title_wraps_between_words_and_hyphenates_a_word_too_long_for_its_column() {
        // 10 pt, 0.5 em: 5 pt a character; 40 pt holds 8 characters.
        assert_eq!(wrap_title("Event driven", 40.0, 10.0, true, &FixedWidth), ["Event", "driven"]);
        assert_eq!(wrap_title("Service-oriented", 50.0, 10.0, true, &FixedWidth), ["Service-", "oriented"]);
        assert_eq!(wrap_title("Microservices", 40.0, 10.0, true, &FixedWidth), ["Microse-", "rvices"]);
        // Never a stray letter or two: "Microservice" + "s" becomes "Microser-" / "vice" / …
        for line in wrap_title("Microservicess", 65.0, 10.0, true, &FixedWidth) {
            assert!(line.trim_end_matches('-').chars().count() >= 3, "{line}");
        }
        assert_eq!(wrap_title("", 40.0, 10.0, true, &FixedWidth), [""]);
    }

    #[test]
    fn a_long_footer_leaves_room_for_the_page_number() {
        let mut writer = Writer::new(&FixedWidth);
        writer.paragraph("One page.", 10.0, false, INK, 0.0);
        let document = writer.finish(&"A very long record title ".repeat(20));
        let texts: Vec<(f32, String)> = document.pages[0]
            .draws
            .iter()
            .filter_map(|d| match d {
                Draw::Text { x, text, size, .. } if *size == 7.5 => Some((*x, text.clone())),
                _ => None,
            })
            .collect();
        let (footer, page) = (&texts[0], &texts[1]);
        assert!(footer.1.ends_with('…'), "{footer:?}");
        assert!(footer.0 + FixedWidth.width(&footer.1, 7.5, false) < page.0, "{texts:?}");
    }

    #[test]
    fn a_chart_label_too_long_is_cut_at_the_end() {
        assert_eq!(ellipsize("Serverless", 100.0, 10.0, true, &FixedWidth), "Serverless");
        assert_eq!(ellipsize("\"><img src=x> Serverless", 50.0, 10.0, true, &FixedWidth), "\"><img sr…");
    }

    #[test]
    fn missing_glyphs_get_a_visible_mark_and_controls_are_dropped() {
        assert_eq!(drawable("fly ✈ now\u{7}\tok", &FixedWidth), "fly \u{FFFD} now ok");
    }

    #[test]
    fn long_text_flows_onto_new_pages_and_the_footer_counts_them() {
        let mut writer = Writer::new(&FixedWidth);
        writer.heading("Context", 1);
        for i in 0..200 {
            writer.paragraph(&format!("Line {i} of a long context."), 10.0, false, INK, 0.0);
        }
        let document = writer.finish("ADR-0001");
        assert!(document.pages.len() > 3);
        assert_eq!(document.bookmarks, [("Context".to_owned(), 1)]);
        let last = document.pages.len();
        assert!(document.text().contains(&format!("page {last} of {last}")));
        for page in &document.pages {
            for draw in &page.draws {
                if let Draw::Text { y, .. } = draw {
                    assert!(*y > 0.0 && *y < PAGE_HEIGHT, "text off the page at {y}");
                }
            }
        }
    }

    #[test]
    fn a_heading_is_never_the_last_line_of_a_page() {
        let mut writer = Writer::new(&FixedWidth);
        while writer.remaining() > 40.0 {
            writer.paragraph("filler", 10.0, false, INK, 0.0);
        }
        writer.heading("Decision Outcome", 1);
        let document = writer.finish("");
        assert_eq!(document.bookmarks, [("Decision Outcome".to_owned(), 2)]);
    }

    #[test]
    fn table_header_repeats_on_every_page() {
        let mut writer = Writer::new(&FixedWidth);
        let columns = [
            Column { title: "Driver".into(), width: 300.0, right: false },
            Column { title: "Weight".into(), width: 195.28, right: true },
        ];
        let rows: Vec<Vec<String>> = (0..120).map(|i| vec![format!("Driver {i}"), format!("{i}%")]).collect();
        writer.table(&columns, &rows, 9.0, None);
        let document = writer.finish("");
        assert!(document.pages.len() >= 3);
        for page in &document.pages {
            let first_text = page.draws.iter().find_map(|d| match d {
                Draw::Text { text, .. } => Some(text.as_str()),
                _ => None,
            });
            assert_eq!(first_text, Some("Driver"), "every page starts with the header");
        }
    }
}
