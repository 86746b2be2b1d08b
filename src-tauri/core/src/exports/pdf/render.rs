//! The only code that touches printpdf: embeds the DejaVu fonts from `assets/fonts` (subset
//! on save), measures text with their glyph advances, and turns a laid-out `Document` into
//! PDF bytes with metadata and bookmarks.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use printpdf::{
    Color, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point,
    Polygon, PolygonRing, Pt, TextItem, WindingOrder,
};

use super::layout::{Document, Draw, Measure, PAGE_HEIGHT, PAGE_WIDTH, Rgb};

static REGULAR_BYTES: &[u8] = include_bytes!("../../../../../assets/fonts/DejaVuSans.ttf");
static BOLD_BYTES: &[u8] = include_bytes!("../../../../../assets/fonts/DejaVuSans-Bold.ttf");

/// A parsed face and a cache of its advance widths (in font units) per character.
pub struct Face {
    font: ParsedFont,
    units_per_em: f32,
    advances: Mutex<HashMap<char, Option<f32>>>,
}

impl Face {
    fn parse(bytes: &[u8]) -> Self {
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the bundled DejaVu font parses");
        let units_per_em = f32::from(font.font_metrics.units_per_em.max(1));
        Self { font, units_per_em, advances: Mutex::new(HashMap::new()) }
    }

    fn advance(&self, c: char) -> Option<f32> {
        let mut cache = self.advances.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *cache.entry(c).or_insert_with(|| {
            let glyph = self.font.lookup_glyph_index(c as u32)?;
            Some(f32::from(self.font.get_horizontal_advance(glyph)))
        })
    }
}

/// The two faces every record uses, parsed once per process.
pub struct Fonts {
    regular: Face,
    bold: Face,
}

static FONTS: LazyLock<Fonts> =
    LazyLock::new(|| Fonts { regular: Face::parse(REGULAR_BYTES), bold: Face::parse(BOLD_BYTES) });

pub fn fonts() -> &'static Fonts {
    &FONTS
}

impl Measure for Fonts {
    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let face = if bold { &self.bold } else { &self.regular };
        let units: f32 = text.chars().map(|c| face.advance(c).unwrap_or(face.units_per_em * 0.6)).sum();
        units * size / face.units_per_em
    }

    fn covers(&self, c: char) -> bool {
        self.regular.advance(c).is_some() && self.bold.advance(c).is_some()
    }
}

/// Document information written into the PDF.
pub struct Metadata {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// Creation and modification date (fixed for a record, so output is reproducible).
    pub date: chrono::NaiveDate,
}

pub fn to_pdf(document: &Document, metadata: &Metadata) -> Vec<u8> {
    let fonts = fonts();
    let mut pdf = PdfDocument::new(&metadata.title);
    let regular = pdf.add_font(&fonts.regular.font);
    let bold = pdf.add_font(&fonts.bold.font);
    let info = &mut pdf.metadata.info;
    info.author = metadata.author.clone();
    info.subject = metadata.subject.clone();
    info.keywords = metadata.keywords.clone();
    info.creator = "ArchDecide".to_owned();
    info.producer = "ArchDecide (printpdf)".to_owned();
    info.identifier = metadata.title.clone();
    let date = pdf_date(metadata.date);
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;

    let pages = document
        .pages
        .iter()
        .map(|page| {
            let mut ops = Vec::with_capacity(page.draws.len() * 4);
            for draw in &page.draws {
                match draw {
                    Draw::Text { x, y, text, size, bold: is_bold, color } => {
                        let font = if *is_bold { bold.clone() } else { regular.clone() };
                        ops.push(Op::StartTextSection);
                        ops.push(Op::SetFont { font: PdfFontHandle::External(font), size: Pt(*size) });
                        ops.push(Op::SetFillColor { col: color_of(*color) });
                        ops.push(Op::SetTextCursor { pos: point(*x, *y) });
                        ops.push(Op::ShowText { items: vec![TextItem::Text(text.clone())] });
                        ops.push(Op::EndTextSection);
                    }
                    Draw::Rect { x, y, w, h, fill, stroke } => {
                        let mode = match (fill, stroke) {
                            (Some(_), Some(_)) => PaintMode::FillStroke,
                            (Some(_), None) => PaintMode::Fill,
                            _ => PaintMode::Stroke,
                        };
                        if let Some(fill) = fill {
                            ops.push(Op::SetFillColor { col: color_of(*fill) });
                        }
                        if let Some(stroke) = stroke {
                            ops.push(Op::SetOutlineColor { col: color_of(*stroke) });
                            ops.push(Op::SetOutlineThickness { pt: Pt(0.8) });
                        }
                        let corners = [(*x, *y), (*x + *w, *y), (*x + *w, *y + *h), (*x, *y + *h)];
                        ops.push(Op::DrawPolygon {
                            polygon: Polygon {
                                rings: vec![PolygonRing {
                                    points: corners
                                        .iter()
                                        .map(|&(px, py)| LinePoint { p: point(px, py), bezier: false })
                                        .collect(),
                                }],
                                mode,
                                winding_order: WindingOrder::NonZero,
                            },
                        });
                    }
                    Draw::Line { x1, y1, x2, y2, width, color } => {
                        ops.push(Op::SetOutlineColor { col: color_of(*color) });
                        ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                        ops.push(Op::DrawLine {
                            line: Line {
                                points: vec![
                                    LinePoint { p: point(*x1, *y1), bezier: false },
                                    LinePoint { p: point(*x2, *y2), bezier: false },
                                ],
                                is_closed: false,
                            },
                        });
                    }
                }
            }
            PdfPage::new(Mm::from(Pt(PAGE_WIDTH)), Mm::from(Pt(PAGE_HEIGHT)), ops)
        })
        .collect();
    pdf.with_pages(pages);
    for (title, page) in &document.bookmarks {
        pdf.add_bookmark(title, *page);
    }
    let options = PdfSaveOptions { subset_fonts: true, ..PdfSaveOptions::default() };
    pdf.save(&options, &mut Vec::new())
}

/// From the layout's top-left origin to PDF's bottom-left.
fn point(x: f32, y: f32) -> Point {
    Point { x: Pt(x), y: Pt(PAGE_HEIGHT - y) }
}

fn color_of(rgb: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb { r: rgb.0, g: rgb.1, b: rgb.2, icc_profile: None })
}

fn pdf_date(date: chrono::NaiveDate) -> printpdf::OffsetDateTime {
    use chrono::Datelike;
    printpdf::OffsetDateTime::new_in_offset(
        printpdf::Date { year: date.year(), month: date.month() as u8, day: date.day() as u8 },
        printpdf::Time { hour: 12, minute: 0, second: 0, millisecond: 0 },
        printpdf::Offset { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 },
    )
}
