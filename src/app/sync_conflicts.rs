//! Sync conflicts as the window lists them: each conflict with its reason, and for each of its
//! rows what differs between this copy and the hub, in words ("name: “A” here, “B” on the hub").

use std::collections::HashMap;

use crate::store::Store;
use crate::store::sync::value_names;

/// One conflict, resolved as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictGroup {
    /// Its name (`kind:key` of its first row), for `Edit::ResolveSyncConflict`.
    pub conflict: String,
    /// Why, in words (of its first row).
    pub reason: String,
    /// Each row: what it is, and what differs.
    pub rows: Vec<(String, Vec<String>)>,
}

fn short(value: &serde_json::Value, names: &HashMap<String, String>) -> String {
    match value {
        serde_json::Value::Null => "nothing".into(),
        serde_json::Value::String(s) => {
            if let Some(name) = names.get(s) {
                return format!("“{name}”");
            }
            let cut: String = s.chars().take(60).collect();
            if cut.len() < s.len() {
                format!("“{cut}…”")
            } else {
                format!("“{cut}”")
            }
        }
        other => other.to_string(),
    }
}

/// The conflicts waiting in this copy, grouped, with their differences in words.
pub fn conflict_groups(store: &Store) -> Vec<ConflictGroup> {
    let Ok(conflicts) = store.hub_conflicts() else {
        return Vec::new();
    };
    if conflicts.is_empty() {
        return Vec::new();
    }
    let mine: HashMap<(String, String), String> = store
        .shared_rows()
        .unwrap_or_default()
        .into_iter()
        .map(|r| ((r.kind.to_owned(), r.key), r.content))
        .collect();
    // GUIDs of codes, documents and coders read as their names.
    let mut names: HashMap<String, String> = HashMap::new();
    for ((kind, key), content) in &mine {
        if matches!(
            kind.as_str(),
            "code" | "document" | "coder" | "case" | "attribute"
        ) {
            let values: Vec<serde_json::Value> = serde_json::from_str(content).unwrap_or_default();
            let at = usize::from(kind == "code");
            if let Some(name) = values.get(at).and_then(|v| v.as_str()) {
                names.insert(key.clone(), name.to_owned());
            }
        }
    }
    let mut groups: Vec<ConflictGroup> = Vec::new();
    for c in conflicts {
        let kind = c.theirs.kind.clone();
        let fields = value_names(&kind);
        let here: Option<Vec<serde_json::Value>> = mine
            .get(&(kind.clone(), c.theirs.key.clone()))
            .and_then(|m| serde_json::from_str(m).ok());
        let there: Option<Vec<serde_json::Value>> = c
            .theirs
            .content
            .as_deref()
            .and_then(|t| serde_json::from_str(t).ok());
        let label = {
            let values = here.as_ref().or(there.as_ref());
            let named = |i: usize| values.and_then(|v| v.get(i)).map(|v| short(v, &names));
            match kind.as_str() {
                "code" => format!("Code {}", named(1).unwrap_or_default()),
                "coding" => format!("Coding {}", named(4).unwrap_or_default()),
                "memo" => format!("Memo {}", named(3).unwrap_or_default()),
                "document" => format!("Document {}", named(0).unwrap_or_default()),
                other => format!("{other} {}", named(0).unwrap_or_default()),
            }
        };
        let differences = match (&here, &there) {
            (None, None) => vec!["deleted here and on the hub".to_owned()],
            (Some(_), None) => vec!["kept here, deleted on the hub".to_owned()],
            (None, Some(_)) => vec!["deleted here, kept on the hub".to_owned()],
            (Some(h), Some(t)) => fields
                .iter()
                .enumerate()
                .filter(|(i, _)| h.get(*i) != t.get(*i))
                .map(|(i, field)| {
                    // A code's parent reads as its place: under a code, or at the top.
                    let parent = kind == "code" && *field == "parent_id";
                    let show = |v: Option<&serde_json::Value>| match v {
                        Some(serde_json::Value::Null) if parent => {
                            "the top of the codebook".to_owned()
                        }
                        Some(v) if parent => format!("under {}", short(v, &names)),
                        Some(v) => short(v, &names),
                        None => String::new(),
                    };
                    let field = if parent {
                        "place".to_owned()
                    } else {
                        field.trim_end_matches("_id").replace('_', " ")
                    };
                    format!(
                        "{field}: {} here, {} on the hub",
                        show(h.get(i)),
                        show(t.get(i))
                    )
                })
                .collect(),
        };
        match groups.iter_mut().find(|g| g.conflict == c.conflict) {
            Some(g) => g.rows.push((label, differences)),
            None => groups.push(ConflictGroup {
                conflict: c.conflict.clone(),
                reason: capitalised(&c.reason),
                rows: vec![(label, differences)],
            }),
        }
    }
    groups
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
