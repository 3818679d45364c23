//! The PDF report: the same blocks as the HTML and Markdown reports ([`super::doc`]), laid out
//! on A4 pages with krilla (a pure-Rust PDF writer; no browser at run time). DejaVu Sans is
//! embedded in the binary and subset into each file (`assets/fonts/README.md`: licence and
//! coverage). The first page is the decision; every later section starts where the last one
//! ended, and each page carries the report's date and its number.
//!
//! Text is wrapped at word boundaries with a width estimated from the characters' classes
//! (wide, narrow, digits), which keeps lines inside the margins for this font. A table's
//! column is at least as wide as its longest word (up to a cap), so that rule codes, dates
//! and e-mail addresses are not cut; only longer tokens (hashes, links) are. Every http(s)
//! link in the text is a link annotation over its words (each line of a link that wraps).

use super::ReportData;
use super::doc::{Block, blocks};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

/// Which non-blank characters of `text` belong to a link, counted without whitespace (as
/// [`wrap`] keeps them), and the links: sentence punctuation after a link is not part of it.
fn link_map(text: &str) -> (Vec<Option<usize>>, Vec<String>) {
    let mut map = Vec::new();
    let mut urls: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let start = word.find("https://").or_else(|| word.find("http://"));
        let (s, e) = match start {
            Some(s) => {
                let url = &word[s..];
                let trimmed = url.trim_end_matches(['.', ',', ';', ':', ')', ']', '"', '\'']);
                (s, s + trimmed.len())
            }
            None => (0, 0),
        };
        if e > s {
            urls.push(word[s..e].to_string());
        }
        for (i, _) in word.char_indices() {
            map.push((i >= s && i < e).then(|| urls.len() - 1));
        }
    }
    (map, urls)
}

/// The link runs of one wrapped `line` of a text whose [`link_map`] is `map`, `k` being the
/// count of non-blank characters of the lines before: (byte start, byte end, link index).
fn link_runs(line: &str, k: &mut usize, map: &[Option<usize>]) -> Vec<(usize, usize, usize)> {
    let mut runs: Vec<(usize, usize, usize)> = Vec::new();
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        let link = map.get(*k).copied().flatten();
        *k += 1;
        let Some(u) = link else { continue };
        let end = i + c.len_utf8();
        match runs.last_mut() {
            Some(r) if r.2 == u && line[r.1..i].chars().all(char::is_whitespace) => r.1 = end,
            _ => runs.push((i, end, u)),
        }
    }
    runs
}

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
    /// A link annotation: x, y (top), width, height, URL.
    Link(f32, f32, f32, f32, String),
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

    /// A link over `line[s..e]` drawn at `x` on the current line.
    fn link(&mut self, x: f32, size: f32, bold: bool, line: &str, run: (usize, usize), url: &str) {
        let (s, e) = run;
        let x0 = x + width(&line[..s], size, bold);
        let w = width(&line[s..e], size, bold);
        let y = self.y;
        if let Some(p) = self.pages.last_mut() {
            p.push(Op::Link(x0, y, w, size * 1.3, url.to_string()));
        }
    }

    /// One line of a wrapped text, with its links.
    #[allow(clippy::too_many_arguments)]
    fn text_line(
        &mut self,
        x: f32,
        size: f32,
        bold: bool,
        colour: (u8, u8, u8),
        line: &str,
        k: &mut usize,
        links: &(Vec<Option<usize>>, Vec<String>),
    ) {
        self.text(x, size, bold, colour, line);
        for (s, e, u) in link_runs(line, k, &links.0) {
            let url = links.1[u].clone();
            self.link(x, size, bold, line, (s, e), &url);
        }
    }

    fn para(&mut self, t: &str, size: f32, bold: bool, colour: (u8, u8, u8), indent: f32) {
        let links = link_map(t);
        let mut k = 0;
        for l in wrap(t, size, bold, W - 2.0 * MARGIN - indent) {
            self.room(size * 1.35);
            self.text_line(MARGIN + indent, size, bold, colour, &l, &mut k, &links);
            self.y += size * 1.35;
        }
    }

    fn hanging(&mut self, mark: &str, t: &str, size: f32) {
        let indent = 14.0;
        let links = link_map(t);
        let mut k = 0;
        for (i, l) in wrap(t, size, false, W - 2.0 * MARGIN - indent)
            .iter()
            .enumerate()
        {
            self.room(size * 1.35);
            if i == 0 {
                self.text(MARGIN, size, false, (0, 0, 0), mark);
            }
            self.text_line(MARGIN + indent, size, false, (0, 0, 0), l, &mut k, &links);
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
        let cols = column_widths(head, rows, size, avail);
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
                let links = link_map(cells.get(i).map_or("", String::as_str));
                let mut chars = 0;
                for (k, l) in cell.iter().enumerate() {
                    w.y = top + 1.5 + k as f32 * size * 1.3;
                    let lx = if num.get(i).copied().unwrap_or(false) {
                        x + cw - 2.0 - width(l, size, bold)
                    } else {
                        x + 2.0
                    };
                    w.text_line(lx, size, bold, (0, 0, 0), l, &mut chars, &links);
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
            let mut links = Vec::new();
            let mut s = page.surface();
            for op in ops {
                match op {
                    Op::Link(x, y, w, h, url) => links.push((x, y, w, h, url)),
                    op => draw(&mut s, &self.regular, &self.bold, op),
                }
            }
            let footer = format!("{} · page {} of {total}", self.footer, i + 1);
            draw(
                &mut s,
                &self.regular,
                &self.bold,
                Op::Text(MARGIN, H - MARGIN / 2.0, 7.0, false, (87, 96, 106), footer),
            );
            s.finish();
            for (x, y, w, h, url) in links {
                use krilla::action::LinkAction;
                use krilla::annotation::{LinkAnnotation, Target};
                if let Some(rect) = krilla::geom::Rect::from_xywh(x, y, w.max(1.0), h) {
                    page.add_annotation(
                        LinkAnnotation::new(
                            rect,
                            None,
                            Target::Action(LinkAction::new(url).into()),
                        )
                        .into(),
                    );
                }
            }
            page.finish();
        }
        self.doc.finish().map_err(|e| format!("{e:?}"))
    }
}

/// Column widths of a table filling `avail` points: each column at least as wide as its
/// longest word (so that codes, dates and e-mail addresses stay whole; a longer token than
/// [`MAX_WORD`] points, a hash or a link, is cut), the rest shared by how long the cells are.
fn column_widths(head: &[String], rows: &[Vec<String>], size: f32, avail: f32) -> Vec<f32> {
    const PAD: f32 = 5.0;
    let n = head.len().max(1);
    let cells = |i: usize| {
        rows.iter()
            .filter_map(move |r| r.get(i))
            .map(String::as_str)
    };
    let mut min = Vec::with_capacity(n);
    let mut want = Vec::with_capacity(n);
    for i in 0..n {
        let word = |c: &str, bold: bool| {
            c.split_whitespace()
                .map(|w| width(w, size, bold))
                .fold(0.0f32, f32::max)
        };
        let head_word = head.get(i).map_or(0.0, |h| word(h, true));
        let longest_word = cells(i).map(|c| word(c, false)).fold(head_word, f32::max);
        let m = (longest_word + PAD).min(MAX_WORD);
        let longest = cells(i)
            .chain(head.get(i).map(String::as_str))
            .map(|c| width(c, size, false))
            .fold(0.0f32, f32::max);
        min.push(m);
        want.push(longest.clamp(30.0, 220.0).max(m));
    }
    let floor: f32 = min.iter().sum();
    if floor >= avail {
        return min.iter().map(|m| m / floor * avail).collect();
    }
    let extra: f32 = want.iter().zip(&min).map(|(w, m)| w - m).sum();
    if extra <= 0.0 {
        return min.iter().map(|m| m / floor * avail).collect();
    }
    let room = avail - floor;
    min.iter()
        .zip(&want)
        .map(|(m, w)| m + (w - m) / extra * room)
        .collect()
}

/// The widest word a table column makes room for, in points.
const MAX_WORD: f32 = 150.0;

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
        Op::Link(..) => {}
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
