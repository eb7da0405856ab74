//! Charts in the analysis tab, drawn with egui's painter from the same models the SVG and PNG
//! exports draw (`analysis::chart`): horizontal bar charts (code frequencies, a matrix's totals,
//! row or column) and the co-occurrence network — nodes sized by codings, edges by count, a
//! force-directed layout that settles over a few frames, nodes that can be dragged (held where
//! they are dropped), and an edge or node that opens its passages.

use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, Ui, pos2, vec2};

use super::theme;
use crate::analysis::chart::{BarChart, ForceLayout};
use crate::analysis::cooccurrence::Network;

/// Height of one bar's row.
const ROW: f32 = 22.0;

/// A code colour `#rrggbb`, or a neutral blue.
fn color_of(c: &str) -> Color32 {
    crate::domain::parse_color(c).map_or(Color32::from_rgb(0x3f, 0x8f, 0xd2), |[r, g, b]| {
        Color32::from_rgb(r, g, b)
    })
}

/// A number as a bar's value: whole numbers without decimals.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
    }
}

/// Draws `chart`: a row per bar, its label on the left, the bar in its colour, the value after
/// it. Each bar is a node screen readers name "label: value".
pub fn bar_chart_ui(ui: &mut Ui, chart: &BarChart) {
    let counted = format!("({})", chart.value_label);
    let title = if chart.title.ends_with(&counted) {
        chart.title.clone()
    } else {
        format!("{} {counted}", chart.title)
    };
    ui.label(egui::RichText::new(title).color(theme::secondary(ui.visuals())));
    let max = chart
        .bars
        .iter()
        .map(|b| b.value)
        .fold(0.0_f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let text = ui.visuals().text_color();
    let weak = theme::secondary(ui.visuals());
    let font = FontId::proportional(13.0);
    let width = ui.available_width();
    let label_width = (width * 0.35).clamp(80.0, 320.0);
    let value_room = 60.0;
    egui::ScrollArea::vertical()
        .id_salt("bar-chart")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for bar in &chart.bars {
                let (rect, response) =
                    ui.allocate_exact_size(vec2(width - 16.0, ROW), Sense::hover());
                let name = format!("{}: {}", bar.label, number(bar.value));
                response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &name));
                if !ui.is_rect_visible(rect) {
                    continue;
                }
                let painter = ui.painter_at(rect);
                let label =
                    painter.layout(bar.label.clone(), font.clone(), text, label_width - 8.0);
                let label = if label.rows.len() > 1 {
                    let mut job = egui::text::LayoutJob::simple_singleline(
                        bar.label.clone(),
                        font.clone(),
                        text,
                    );
                    job.wrap = egui::text::TextWrapping::truncate_at_width(label_width - 8.0);
                    painter.layout_job(job)
                } else {
                    label
                };
                painter.galley(
                    pos2(
                        rect.left() + label_width - 8.0 - label.rect.width(),
                        rect.center().y - label.rect.height() / 2.0,
                    ),
                    label,
                    text,
                );
                let room = (rect.width() - label_width - value_room).max(10.0);
                let length = (bar.value / max) as f32 * room;
                let bar_rect = Rect::from_min_size(
                    pos2(rect.left() + label_width, rect.top() + 4.0),
                    vec2(length.max(1.0), ROW - 8.0),
                );
                painter.rect_filled(bar_rect, 2.0, color_of(&bar.color));
                painter.text(
                    pos2(bar_rect.right() + 6.0, rect.center().y),
                    Align2::LEFT_CENTER,
                    number(bar.value),
                    font.clone(),
                    weak,
                );
            }
        });
}

/// The co-occurrence network as drawn in the window: its layout, kept while the network is
/// the same, and the node being dragged.
#[derive(Debug, Default)]
pub struct NetworkView {
    /// What the layout was made for (the network's title and size).
    key: Option<(String, usize, usize)>,
    layout: Option<ForceLayout>,
    dragging: Option<usize>,
    /// Where the unit square of the layout was drawn last frame.
    drawn_in: Option<Rect>,
}

/// What a click on the network asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkClick {
    /// The passages where the two codes of an edge occur together (node indices).
    Edge(usize, usize),
    /// A node (its index).
    Node(usize),
}

/// Distance from `p` to the segment `a`–`b`.
fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = ((p - a).dot(ab) / ab.length_sq().max(1e-6)).clamp(0.0, 1.0);
    (a + ab * t).distance(p)
}

impl NetworkView {
    /// The layout as it stands (for the SVG and PNG exports), settled first if it has not yet.
    pub fn settled_layout(&mut self, network: &Network) -> ForceLayout {
        self.ensure(network);
        let mut layout = self
            .layout
            .clone()
            .unwrap_or_else(|| ForceLayout::new(network));
        layout.settle(network);
        layout
    }

    fn ensure(&mut self, network: &Network) {
        let key = (
            network.title.clone(),
            network.nodes.len(),
            network.edges.len(),
        );
        if self.key.as_ref() != Some(&key) {
            self.key = Some(key);
            self.layout = Some(ForceLayout::new(network));
            self.dragging = None;
        }
    }

    /// Where node `i` was drawn last frame (tests drag it).
    pub fn node_screen_pos(&self, i: usize) -> Option<Pos2> {
        let inner = self.drawn_in?;
        let p = self.layout.as_ref()?.positions.get(i)?;
        Some(pos2(
            inner.left() + p[0] as f32 * inner.width(),
            inner.top() + p[1] as f32 * inner.height(),
        ))
    }

    /// Whether the layout has come to rest (tests and benches wait for it).
    pub fn settled(&self) -> bool {
        self.layout.as_ref().is_none_or(ForceLayout::settled)
    }

    /// Draws the network in the space left; steps the layout a few times per frame until it
    /// settles; a dragged node follows the pointer and stays where it is dropped. Returns what
    /// was clicked.
    pub fn ui(&mut self, ui: &mut Ui, network: &Network) -> Option<NetworkClick> {
        self.ensure(network);
        let layout = self.layout.as_mut()?;
        let size = vec2(ui.available_width(), ui.available_height().max(240.0));
        let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
        response.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Image,
                true,
                format!(
                    "Network of {} codes and {} pairs: {}",
                    network.nodes.len(),
                    network.edges.len(),
                    network.title
                ),
            )
        });
        let inner = rect.shrink2(vec2(110.0, 30.0));
        self.drawn_in = Some(inner);
        let to_screen = |p: [f64; 2]| {
            pos2(
                inner.left() + p[0] as f32 * inner.width(),
                inner.top() + p[1] as f32 * inner.height(),
            )
        };
        let from_screen = |p: Pos2| {
            [
                f64::from((p.x - inner.left()) / inner.width().max(1.0)),
                f64::from((p.y - inner.top()) / inner.height().max(1.0)),
            ]
        };
        let max_weight = network
            .nodes
            .iter()
            .map(|n| n.weight)
            .max()
            .unwrap_or(1)
            .max(1) as f32;
        let radius = |w: u64| 5.0 + 10.0 * (w as f32 / max_weight).sqrt();
        let node_at = |layout: &ForceLayout, p: Pos2| {
            (0..network.nodes.len()).find(|&i| {
                to_screen(layout.positions[i]).distance(p) <= radius(network.nodes[i].weight) + 3.0
            })
        };
        // Dragging a node pins it under the pointer.
        // Where the button went down, not where the drag was recognised a few points later.
        if response.drag_started()
            && let Some(p) = ui.input(|i| i.pointer.press_origin())
        {
            self.dragging = node_at(layout, p);
        }
        if let (Some(i), Some(p)) = (self.dragging, response.interact_pointer_pos())
            && response.dragged()
        {
            layout.pin(i, from_screen(p));
        }
        if response.drag_stopped() {
            self.dragging = None;
        }
        for _ in 0..4 {
            if !layout.step(network) {
                break;
            }
        }
        if !layout.settled() {
            ui.ctx().request_repaint();
        }
        let mut clicked = None;
        if response.clicked()
            && let Some(p) = response.interact_pointer_pos()
        {
            clicked = node_at(layout, p).map(NetworkClick::Node).or_else(|| {
                network
                    .edges
                    .iter()
                    .filter(|e| {
                        distance_to_segment(
                            p,
                            to_screen(layout.positions[e.a]),
                            to_screen(layout.positions[e.b]),
                        ) < 5.0
                    })
                    .max_by_key(|e| e.weight)
                    .map(|e| NetworkClick::Edge(e.a, e.b))
            });
        }
        let painter = ui.painter_at(rect);
        let visuals = ui.visuals();
        let edge_color = theme::secondary(visuals).gamma_multiply(0.6);
        let max_edge = network
            .edges
            .iter()
            .map(|e| e.weight)
            .max()
            .unwrap_or(1)
            .max(1) as f32;
        let hover = response.hover_pos();
        for e in &network.edges {
            let (a, b) = (
                to_screen(layout.positions[e.a]),
                to_screen(layout.positions[e.b]),
            );
            let width = 1.0 + 5.0 * e.weight as f32 / max_edge;
            let near = hover.is_some_and(|p| distance_to_segment(p, a, b) < 5.0);
            let color = if near {
                visuals.strong_text_color()
            } else {
                edge_color
            };
            painter.line_segment([a, b], Stroke::new(width, color));
            let middle = a + (b - a) * 0.5;
            painter.text(
                middle,
                Align2::CENTER_CENTER,
                e.weight.to_string(),
                FontId::proportional(11.0),
                theme::secondary(visuals),
            );
        }
        for (i, node) in network.nodes.iter().enumerate() {
            let at = to_screen(layout.positions[i]);
            let r = radius(node.weight);
            painter.circle(
                at,
                r,
                color_of(&node.color),
                Stroke::new(1.0, visuals.strong_text_color().gamma_multiply(0.5)),
            );
            let name = node.label.rsplit('/').next().unwrap_or(&node.label);
            painter.text(
                at + vec2(r + 4.0, 0.0),
                Align2::LEFT_CENTER,
                name,
                FontId::proportional(12.0),
                visuals.text_color(),
            );
        }
        clicked
    }
}

/// The part of `network` whose codes occur with another code: its nodes (each code that has
/// an edge), their edges, and for each of its nodes the index of that node in `network`.
/// Codes that occur with no other would only crowd the drawing's edges.
pub fn connected(network: &Network) -> (Network, Vec<usize>) {
    let mut linked = vec![false; network.nodes.len()];
    for e in &network.edges {
        linked[e.a] = true;
        linked[e.b] = true;
    }
    let original: Vec<usize> = (0..network.nodes.len()).filter(|&i| linked[i]).collect();
    let mut index = vec![usize::MAX; network.nodes.len()];
    for (new, &old) in original.iter().enumerate() {
        index[old] = new;
    }
    let part = Network {
        title: network.title.clone(),
        nodes: original.iter().map(|&i| network.nodes[i].clone()).collect(),
        edges: network
            .edges
            .iter()
            .map(|e| crate::analysis::cooccurrence::Edge {
                a: index[e.a],
                b: index[e.b],
                weight: e.weight,
            })
            .collect(),
    };
    (part, original)
}
