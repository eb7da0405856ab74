//! Charts for export: bar charts (frequencies, a matrix row or column) and the co-occurrence
//! network, drawn as SVG; PNG is the same SVG rasterised (`resvg`), so both look alike. Text uses
//! the system's fonts (`DejaVu Sans`, `Noto Sans` and `Noto Sans CJK` first), found once per process.
//!
//! [`ForceLayout`] places a network's nodes (a force-directed layout that settles); the window
//! can step it frame by frame and pin dragged nodes, the export runs it to rest.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::cooccurrence::Network;
use super::{AnalysisError, Result};

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Beside the bar.
    pub label: String,
    /// Its length.
    pub value: f64,
    /// `#rrggbb`
    pub color: String,
}

/// A horizontal bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Above the chart.
    pub title: String,
    /// What the values count ("codings").
    pub value_label: String,
    /// Top to bottom.
    pub bars: Vec<Bar>,
}

/// Chart formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartFormat {
    /// Scalable vector graphics.
    Svg,
    /// A picture, twice the SVG's size.
    Png,
}

impl ChartFormat {
    /// From a file's extension (`svg`, `png`), any case.
    pub fn from_path(path: &Path) -> Option<ChartFormat> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("svg") => Some(ChartFormat::Svg),
            Some("png") => Some(ChartFormat::Png),
            _ => None,
        }
    }
}

const FONT: &str = "DejaVu Sans, Noto Sans, Noto Sans CJK SC, Arial, sans-serif";
const INK: &str = "#222222";
const MUTED: &str = "#666666";
const WIDTH: f64 = 880.0;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `s` cut to `max` characters with an ellipsis.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn color_or_default(c: &str) -> &str {
    if crate::domain::parse_color(c).is_some() {
        c
    } else {
        "#3f8fd2"
    }
}

/// A number as a bar's value label: whole numbers without decimals.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
    }
}

impl BarChart {
    /// The chart as an SVG document: a bar per row with its label and value, on a white
    /// background.
    pub fn to_svg(&self) -> String {
        let row = 22.0;
        let top = 56.0;
        let label_chars = self
            .bars
            .iter()
            .map(|b| b.label.chars().count())
            .max()
            .unwrap_or(0)
            .min(40);
        let label_width = (label_chars as f64 * 7.2 + 16.0).max(80.0);
        let plot = WIDTH - label_width - 70.0;
        let height = top + row * self.bars.len().max(1) as f64 + 40.0;
        let max = self.bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
        let mut svg = String::new();
        let _ = write!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="{FONT}">"#
        );
        let _ = write!(
            svg,
            r##"<rect width="100%" height="100%" fill="#ffffff"/><text x="16" y="28" font-size="16" font-weight="bold" fill="{INK}">{}</text>"##,
            escape(&shorten(&self.title, 90))
        );
        let _ = write!(
            svg,
            r#"<text x="{}" y="46" font-size="11" fill="{MUTED}">{}</text>"#,
            label_width,
            escape(&self.value_label)
        );
        for (i, b) in self.bars.iter().enumerate() {
            let y = top + row * i as f64;
            let w = if max > 0.0 { plot * b.value / max } else { 0.0 };
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" font-size="12" text-anchor="end" fill="{INK}">{}</text>"#,
                label_width - 8.0,
                y + 15.0,
                escape(&shorten(&b.label, 40))
            );
            let _ = write!(
                svg,
                r#"<rect x="{label_width}" y="{}" width="{w:.1}" height="{}" fill="{}"/>"#,
                y + 3.0,
                row - 6.0,
                color_or_default(&b.color)
            );
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{}" font-size="11" fill="{MUTED}">{}</text>"#,
                label_width + w + 5.0,
                y + 15.0,
                number(b.value)
            );
        }
        let axis_y = top + row * self.bars.len().max(1) as f64 + 4.0;
        let _ = write!(
            svg,
            r#"<line x1="{label_width}" y1="{}" x2="{label_width}" y2="{axis_y}" stroke="{MUTED}" stroke-width="1"/></svg>"#,
            top - 2.0
        );
        svg
    }
}

/// A force-directed layout (Fruchterman–Reingold) of a network in the unit square: nodes
/// repel, edges pull in proportion to their weight, and moves shrink as it cools. Starts
/// from a circle, so the same network always settles the same way.
#[derive(Debug, Clone, PartialEq)]
pub struct ForceLayout {
    /// Node positions, each in `[0, 1]²`.
    pub positions: Vec<[f64; 2]>,
    pinned: Vec<bool>,
    temperature: f64,
}

impl ForceLayout {
    /// Nodes evenly on a circle.
    pub fn new(network: &Network) -> ForceLayout {
        let n = network.nodes.len();
        let positions = (0..n)
            .map(|i| {
                let a = std::f64::consts::TAU * i as f64 / n.max(1) as f64;
                [0.5 + 0.4 * a.cos(), 0.5 + 0.4 * a.sin()]
            })
            .collect();
        ForceLayout {
            positions,
            pinned: vec![false; n],
            temperature: 0.1,
        }
    }

    /// Holds node `i` at `at` (a dragged node); it still pushes and pulls the others.
    pub fn pin(&mut self, i: usize, at: [f64; 2]) {
        if let Some(p) = self.positions.get_mut(i) {
            *p = [at[0].clamp(0.0, 1.0), at[1].clamp(0.0, 1.0)];
            self.pinned[i] = true;
            // Let the others adjust to the move.
            self.temperature = self.temperature.max(0.02);
        }
    }

    /// Lets node `i` move again.
    pub fn unpin(&mut self, i: usize) {
        if let Some(p) = self.pinned.get_mut(i) {
            *p = false;
        }
    }

    /// Whether it has come to rest.
    pub fn settled(&self) -> bool {
        self.temperature < 1e-4
    }

    /// One step; returns whether anything still moves.
    pub fn step(&mut self, network: &Network) -> bool {
        let n = self.positions.len();
        if n == 0 || self.settled() {
            return false;
        }
        let k = (1.0 / n as f64).sqrt() * 0.7;
        let mut shift = vec![[0.0_f64; 2]; n];
        for i in 0..n {
            for j in i + 1..n {
                let dx = self.positions[i][0] - self.positions[j][0];
                let dy = self.positions[i][1] - self.positions[j][1];
                let d2 = (dx * dx + dy * dy).max(1e-6);
                let f = k * k / d2;
                shift[i][0] += dx * f;
                shift[i][1] += dy * f;
                shift[j][0] -= dx * f;
                shift[j][1] -= dy * f;
            }
        }
        // A weak pull towards the middle keeps unconnected nodes off the edges.
        for (i, p) in self.positions.iter().enumerate() {
            shift[i][0] -= (p[0] - 0.5) * 0.3 / k;
            shift[i][1] -= (p[1] - 0.5) * 0.3 / k;
        }
        let max_weight = network.edges.iter().map(|e| e.weight).max().unwrap_or(1) as f64;
        for e in &network.edges {
            let dx = self.positions[e.a][0] - self.positions[e.b][0];
            let dy = self.positions[e.a][1] - self.positions[e.b][1];
            let d = (dx * dx + dy * dy).sqrt().max(1e-6);
            let f = d / k * (0.5 + e.weight as f64 / max_weight);
            shift[e.a][0] -= dx * f;
            shift[e.a][1] -= dy * f;
            shift[e.b][0] += dx * f;
            shift[e.b][1] += dy * f;
        }
        for ((position, &pinned), [sx, sy]) in
            self.positions.iter_mut().zip(&self.pinned).zip(shift)
        {
            if pinned {
                continue;
            }
            let len = (sx * sx + sy * sy).sqrt().max(1e-9);
            let step = len.min(self.temperature);
            position[0] = (position[0] + sx / len * step).clamp(0.02, 0.98);
            position[1] = (position[1] + sy / len * step).clamp(0.02, 0.98);
        }
        self.temperature *= 0.97;
        true
    }

    /// Steps until it settles (at most a few hundred steps).
    pub fn settle(&mut self, network: &Network) {
        for _ in 0..400 {
            if !self.step(network) {
                break;
            }
        }
    }
}

impl Network {
    /// The network as an SVG document, laid out by `layout` (run [`ForceLayout::settle`]
    /// first for a settled picture): node size by codings, edge width by count, edge counts
    /// at their middles.
    pub fn to_svg(&self, layout: &ForceLayout) -> String {
        let (w, h) = (WIDTH, 680.0);
        let (left, top, pw, ph) = (130.0, 60.0, w - 260.0, h - 110.0);
        let at = |i: usize| {
            let p = layout.positions.get(i).copied().unwrap_or([0.5, 0.5]);
            (left + p[0] * pw, top + p[1] * ph)
        };
        let max_edge = self.edges.iter().map(|e| e.weight).max().unwrap_or(1) as f64;
        let max_node = self
            .nodes
            .iter()
            .map(|n| n.weight)
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        let mut svg = String::new();
        let _ = write!(
            svg,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FONT}"><rect width="100%" height="100%" fill="#ffffff"/><text x="16" y="28" font-size="16" font-weight="bold" fill="{INK}">{}</text>"##,
            escape(&shorten(&self.title, 90))
        );
        for e in &self.edges {
            let ((x1, y1), (x2, y2)) = (at(e.a), at(e.b));
            let width = 1.0 + 6.0 * e.weight as f64 / max_edge;
            let _ = write!(
                svg,
                r##"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="#8a8a8a" stroke-opacity="0.7" stroke-width="{width:.1}"/>"##
            );
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" font-size="10" text-anchor="middle" fill="{MUTED}">{}</text>"#,
                f64::midpoint(x1, x2),
                f64::midpoint(y1, y2) - 3.0,
                e.weight
            );
        }
        let mut linked = vec![false; self.nodes.len()];
        for e in &self.edges {
            linked[e.a] = true;
            linked[e.b] = true;
        }
        for (i, node) in self.nodes.iter().enumerate() {
            // A code without codings and links (a parent used only for grouping) says nothing.
            if node.weight == 0 && !linked[i] {
                continue;
            }
            let (x, y) = at(i);
            // The last part of a code's path: the tree is in the table; the graph needs room.
            let label = node.label.rsplit('/').next().unwrap_or(&node.label);
            let r = 5.0 + 13.0 * (node.weight as f64 / max_node).sqrt();
            let _ = write!(
                svg,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{}" stroke="#ffffff" stroke-width="1.5"/><text x="{x:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="{INK}">{}</text>"##,
                color_or_default(&node.color),
                y + r + 13.0,
                escape(&shorten(label, 32))
            );
        }
        svg.push_str("</svg>");
        svg
    }
}

/// The system's fonts, found once per process.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_system_fonts();
            db.set_sans_serif_family("DejaVu Sans");
            Arc::new(db)
        })
        .clone()
}

/// Rasterises an SVG made here to PNG at twice its size (sharp on high-density screens and in
/// print).
pub fn svg_to_png(svg: &str) -> std::result::Result<Vec<u8>, String> {
    let options = usvg::Options {
        fontdb: fonts(),
        font_family: "DejaVu Sans".to_owned(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size();
    let scale = 2.0;
    let mut pixmap = tiny_skia::Pixmap::new(
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    )
    .ok_or_else(|| "the chart has no size".to_owned())?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// Writes an SVG made here to `path` as SVG or PNG, chosen by its extension.
pub fn write_svg(svg: &str, path: &Path) -> Result<()> {
    let bytes = match ChartFormat::from_path(path) {
        Some(ChartFormat::Svg) => svg.as_bytes().to_vec(),
        Some(ChartFormat::Png) => svg_to_png(svg).map_err(|detail| AnalysisError::Encode {
            what: "chart",
            detail,
            path: path.to_owned(),
        })?,
        None => {
            return Err(AnalysisError::Read {
                reason: "a chart is written as .svg or .png; the extension says neither".to_owned(),
                path: path.to_owned(),
            });
        }
    };
    crate::export::write_atomically(path, &bytes)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::cooccurrence::{Edge, Node};
    use crate::domain::CodeId;

    /// `n` codes, each paired with the next, and `alone` more that pair with none.
    fn chain(n: usize, alone: usize) -> Network {
        Network {
            title: "chain".into(),
            nodes: (0..n + alone)
                .map(|i| Node {
                    code: CodeId(i as i64 + 1),
                    label: format!("code {i}"),
                    color: "#3f8fd2".into(),
                    weight: 1,
                })
                .collect(),
            edges: (1..n)
                .map(|i| Edge {
                    a: i - 1,
                    b: i,
                    weight: 1,
                })
                .collect(),
        }
    }

    #[test]
    fn a_network_settles_inside_the_square_without_piling_nodes_on_its_edges() {
        for (n, alone) in [(20, 10), (5, 0), (30, 0)] {
            let network = chain(n, alone);
            let mut layout = ForceLayout::new(&network);
            layout.settle(&network);
            assert!(layout.settled(), "{n}: settles within the steps allowed");
            let on_border = layout
                .positions
                .iter()
                .filter(|p| p.iter().any(|&v| !(0.03..=0.97).contains(&v)))
                .count();
            // Before the centre pull was strengthened, most of 30 nodes ended on the border.
            assert!(
                on_border * 4 <= layout.positions.len(),
                "{n}+{alone}: {on_border} of {} nodes on the border",
                layout.positions.len()
            );
            // Linked codes end nearer each other than unlinked ones on average.
            let distance = |a: usize, b: usize| {
                let (p, q) = (layout.positions[a], layout.positions[b]);
                ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt()
            };
            let linked: f64 = network
                .edges
                .iter()
                .map(|e| distance(e.a, e.b))
                .sum::<f64>()
                / (n - 1) as f64;
            let far: f64 = (0..n - 2).map(|i| distance(i, i + 2)).sum::<f64>() / (n - 2) as f64;
            assert!(linked < far, "{linked} {far}");
        }
    }
}
