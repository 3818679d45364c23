//! The PDF report: the same blocks as the HTML and Markdown reports ([`super::doc`]), laid out
//! on A4 pages with krilla (a pure-Rust PDF writer; no browser at run time). DejaVu Sans is
//! embedded in the binary and subset into each file (`assets/fonts/README.md`: licence and
//! coverage). The first page is the decision; every later section starts where the last one
//! ended, and each page carries the report's date and its number.
//!
//! Text is wrapped at word boundaries with a width estimated from the characters' classes
//! (wide, narrow, digits), which keeps lines inside the margins for this font.

use super::ReportData;
use super::doc::{Block, blocks};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

const W: f32 = 595.0;
const H: f32 = 842.0;
const MARGIN: f32 = 48.0;
const BODY: f32 = 9.0;

/// Width of `text` at `size` points, estimated per character class (DejaVu Sans).
fn width(text: &str, size: f32, bold: bool) -> f32 {
    let em: f32 = text
        .chars()
        .map(|c| match c {
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' => 0.32,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.42,
            'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.92,
            '0'..='9' => 0.64,
            'A'..='Z' => 0.72,
            c if c.is_ascii() => 0.58,
            _ => 0.9,
        })
        .sum();
    em * size * if bold { 1.08 } else { 1.0 }
}

/// `text` in lines of at most `max` points.
fn wrap(text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if width(&candidate, size, bold) <= max {
            cur = candidate;
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        // A word wider than the line (a hash, a URL) is cut.
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if width(&piece, size, bold) > max {
                let last = piece.pop();
                lines.push(std::mem::take(&mut piece));
                if let Some(l) = last {
                    piece.push(l);
                }
            }
        }
        cur = piece;
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

struct Writer {
    doc: Document,
    regular: Font,
    bold: Font,
    pages: Vec<Vec<Op>>,
    y: f32,
    footer: String,
}

/// One drawing operation of a page.
enum Op {
    Text(f32, f32, f32, bool, (u8, u8, u8), String),
    Line(f32, f32, f32, f32),
}

impl Writer {
    fn page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    fn room(&mut self, h: f32) {
        if self.y + h > H - MARGIN {
            self.page();
        }
    }

    fn text(&mut self, x: f32, size: f32, bold: bool, colour: (u8, u8, u8), t: &str) {
        if let Some(p) = self.pages.last_mut() {
            p.push(Op::Text(
                x,
                self.y + size,
                size,
                bold,
                colour,
                t.to_string(),
            ));
        }
    }

    fn para(&mut self, t: &str, size: f32, bold: bool, colour: (u8, u8, u8), indent: f32) {
        for l in wrap(t, size, bold, W - 2.0 * MARGIN - indent) {
            self.room(size * 1.35);
            self.text(MARGIN + indent, size, bold, colour, &l);
            self.y += size * 1.35;
        }
    }

    fn hanging(&mut self, mark: &str, t: &str, size: f32) {
        let indent = 14.0;
        for (i, l) in wrap(t, size, false, W - 2.0 * MARGIN - indent)
            .iter()
            .enumerate()
        {
            self.room(size * 1.35);
            if i == 0 {
                self.text(MARGIN, size, false, (0, 0, 0), mark);
            }
            self.text(MARGIN + indent, size, false, (0, 0, 0), l);
            self.y += size * 1.35;
        }
    }

    fn rule(&mut self, x0: f32, x1: f32) {
        let y = self.y;
        if let Some(p) = self.pages.last_mut() {
            p.push(Op::Line(x0, y, x1, y));
        }
    }

    fn table(&mut self, head: &[String], rows: &[Vec<String>], num: &[bool]) {
        let size = 7.5;
        let avail = W - 2.0 * MARGIN;
        let n = head.len().max(1);
        let weights: Vec<f32> = (0..n)
            .map(|i| {
                let longest = rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .chain(head.get(i))
                    .map(|c| width(c, size, false))
                    .fold(0.0f32, f32::max);
                longest.clamp(30.0, 220.0)
            })
            .collect();
        let total: f32 = weights.iter().sum();
        let cols: Vec<f32> = weights.iter().map(|w| w / total * avail).collect();
        let draw_row = |w: &mut Writer, cells: &[String], bold: bool| {
            let wrapped: Vec<Vec<String>> = cells
                .iter()
                .enumerate()
                .map(|(i, c)| wrap(c, size, bold, cols.get(i).copied().unwrap_or(60.0) - 4.0))
                .collect();
            let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let h = lines as f32 * size * 1.3 + 3.0;
            w.room(h);
            let top = w.y;
            let mut x = MARGIN;
            for (i, cell) in wrapped.iter().enumerate() {
                let cw = cols.get(i).copied().unwrap_or(60.0);
                for (k, l) in cell.iter().enumerate() {
                    w.y = top + 1.5 + k as f32 * size * 1.3;
                    let lx = if num.get(i).copied().unwrap_or(false) {
                        x + cw - 2.0 - width(l, size, bold)
                    } else {
                        x + 2.0
                    };
                    w.text(lx, size, bold, (0, 0, 0), l);
                }
                x += cw;
            }
            w.y = top + h;
            w.rule(MARGIN, W - MARGIN);
        };
        self.rule(MARGIN, W - MARGIN);
        draw_row(self, head, true);
        for r in rows {
            draw_row(self, r, false);
        }
        self.y += 6.0;
    }

    fn finish(mut self) -> Result<Vec<u8>, String> {
        let total = self.pages.len();
        let pages = std::mem::take(&mut self.pages);
        for (i, ops) in pages.into_iter().enumerate() {
            let mut page = self.doc.start_page_with(PageSettings::new(W, H));
            let mut s = page.surface();
            for op in ops {
                draw(&mut s, &self.regular, &self.bold, op);
            }
            let footer = format!("{} · page {} of {total}", self.footer, i + 1);
            draw(
                &mut s,
                &self.regular,
                &self.bold,
                Op::Text(MARGIN, H - MARGIN / 2.0, 7.0, false, (87, 96, 106), footer),
            );
            s.finish();
            page.finish();
        }
        self.doc.finish().map_err(|e| format!("{e:?}"))
    }
}

fn draw(s: &mut Surface, regular: &Font, bold: &Font, op: Op) {
    match op {
        Op::Text(x, y, size, b, (r, g, bl), t) => {
            s.set_fill(Some(Fill {
                paint: rgb::Color::new(r, g, bl).into(),
                ..Fill::default()
            }));
            let font = if b { bold.clone() } else { regular.clone() };
            s.draw_text(
                Point::from_xy(x, y),
                font,
                size,
                &t,
                false,
                TextDirection::Auto,
            );
        }
        Op::Line(x0, y0, x1, y1) => {
            let mut pb = PathBuilder::new();
            pb.move_to(x0, y0);
            pb.line_to(x1, y1);
            if let Some(path) = pb.finish() {
                s.set_fill(None);
                s.set_stroke(Some(Stroke {
                    paint: rgb::Color::new(208, 215, 222).into(),
                    width: 0.5,
                    ..Stroke::default()
                }));
                s.draw_path(&path);
                s.set_stroke(None);
            }
        }
    }
}

/// Render the PDF report.
pub fn pdf(d: &ReportData) -> Result<Vec<u8>, crate::Error> {
    let err = |m: String| crate::Error::Report {
        what: "PDF report",
        message: m,
    };
    let regular = Font::new(REGULAR.to_vec().into(), 0)
        .ok_or_else(|| err("the embedded font cannot be read".into()))?;
    let bold = Font::new(BOLD.to_vec().into(), 0)
        .ok_or_else(|| err("the embedded bold font cannot be read".into()))?;
    let mut w = Writer {
        doc: Document::new(),
        regular,
        bold,
        pages: Vec::new(),
        y: MARGIN,
        footer: format!("UFLPA screening report {}", d.date),
    };
    w.page();
    let grey = (87, 96, 106);
    let black = (0, 0, 0);
    for b in blocks(d) {
        match b {
            Block::Title(t) => {
                w.para(&t, 18.0, true, black, 0.0);
                w.y += 4.0;
            }
            Block::Section(t, _) => {
                w.room(40.0);
                w.y += 8.0;
                w.para(&t, 13.0, true, black, 0.0);
                w.rule(MARGIN, W - MARGIN);
                w.y += 4.0;
            }
            Block::Sub(t) => {
                w.room(30.0);
                w.y += 4.0;
                w.para(&t, 10.5, true, black, 0.0);
            }
            Block::Para(t) => {
                w.para(&t, BODY, false, black, 0.0);
                w.y += 3.0;
            }
            Block::Strong(t) => {
                w.y += 2.0;
                w.para(&t, BODY, true, black, 0.0);
                w.y += 2.0;
            }
            Block::Meta(t) => {
                w.para(&t, 7.5, false, grey, 0.0);
                w.y += 3.0;
            }
            Block::Steps(items) => {
                for (i, t) in items.iter().enumerate() {
                    w.hanging(&format!("{}.", i + 1), t, BODY);
                }
                w.y += 3.0;
            }
            Block::List(items) => {
                for t in &items {
                    w.hanging("•", t, BODY);
                }
                w.y += 3.0;
            }
            Block::Checklist(items) => {
                for t in &items {
                    w.hanging("☐", t, BODY);
                }
                w.y += 3.0;
            }
            Block::Table(head, rows, num) => w.table(&head, &rows, &num),
            Block::Card(c) => {
                w.room(40.0);
                let colour = match c.verdict {
                    crate::verdict::Verdict::Presumed => (164, 14, 38),
                    crate::verdict::Verdict::Review => (154, 103, 0),
                    crate::verdict::Verdict::Clear => (26, 127, 55),
                };
                w.para(
                    &format!("{} · {}", c.title, c.verdict),
                    BODY,
                    true,
                    colour,
                    0.0,
                );
                if !c.facts.is_empty() {
                    w.para(&c.facts, 7.5, false, grey, 0.0);
                }
                for (code, text) in &c.findings {
                    w.para(&format!("{code}  {text}"), 8.0, false, black, 8.0);
                }
                if !c.next.is_empty() {
                    w.para(&c.next, 7.5, false, grey, 0.0);
                }
                w.y += 5.0;
            }
            Block::Chart(..) => {}
            Block::PageBreak => w.page(),
        }
    }
    w.finish().map_err(err)
}
