//! Excerpt ids: a short, stable name for a coding (`T-3F9A2C7K`), and reading one back.

use std::fmt;

use serde::Serialize;

use crate::domain::CodingId;
use crate::store::{Result, Store, StoreError};

/// Crockford base32 digits: no I, L, O or U, so an id read aloud or retyped is not misread.
const BASE32: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in an excerpt id. 8 base32 characters carry 40 bits: among 100,000 codings the
/// chance that any two share an id is about 0.5 % (n²/2⁴¹), and resolving an id shows every
/// match, so a clash is never silent.
pub const EXCERPT_ID_LEN: usize = 8;

/// A short, stable id for a coding, derived from its GUID and shown as `T-3F9A2C7K`: the
/// first 40 bits of the GUID (its first ten hex digits; a UUID v4's first 48 bits are random)
/// in Crockford base32. It never changes while the coding exists, survives undo, copies of the
/// project, and exports, and is resolved back by GUID prefix ([`resolve_excerpt_id`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ExcerptId([u8; EXCERPT_ID_LEN]);

impl ExcerptId {
    /// The id of the coding with this GUID. A GUID that does not start with ten hex digits
    /// (Tamga's never do not) gets the id of its SHA-256 digest instead.
    pub fn from_guid(guid: &str) -> ExcerptId {
        let hex: String = guid.chars().filter(|c| *c != '-').take(10).collect();
        let bits = if hex.len() == 10 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            u64::from_str_radix(&hex, 16).unwrap_or(0)
        } else {
            let digest = crate::store::sha256_hex(guid.as_bytes());
            u64::from_str_radix(&digest[..10], 16).unwrap_or(0)
        };
        let mut out = [0u8; EXCERPT_ID_LEN];
        for (i, slot) in out.iter_mut().enumerate() {
            let shift = 5 * (EXCERPT_ID_LEN - 1 - i);
            *slot = BASE32[((bits >> shift) & 31) as usize];
        }
        ExcerptId(out)
    }

    /// The eight characters without the `T-` prefix.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl fmt::Display for ExcerptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "T-{}", self.code())
    }
}

impl Serialize for ExcerptId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Reads what a person typed as an excerpt id (`T-3F9A2C7K`, `t-3f9a`, `3F9A2C7K`; Crockford
/// base32, case-insensitive, `O` read as 0 and `I`/`L` as 1) into its base32 characters.
/// Returns `None` when it is not one.
pub(super) fn parse_excerpt_id(input: &str) -> Option<String> {
    let trimmed = input.trim();
    let body = trimmed
        .strip_prefix("T-")
        .or_else(|| trimmed.strip_prefix("t-"))
        .unwrap_or(trimmed);
    if body.is_empty() || body.chars().count() > EXCERPT_ID_LEN {
        return None;
    }
    body.chars()
        .map(|c| match c.to_ascii_uppercase() {
            'O' => Some('0'),
            'I' | 'L' => Some('1'),
            u if BASE32.contains(&(u as u8)) && u.is_ascii() => Some(u),
            _ => None,
        })
        .collect()
}

/// The codings an excerpt id (or its first characters) or a GUID (or its first characters)
/// names; more than one means the input is ambiguous. An input of more than eight characters
/// is read as a GUID prefix.
pub fn resolve_excerpt_id(store: &Store, input: &str) -> Result<Vec<CodingId>> {
    if let Some(code) = parse_excerpt_id(input) {
        // Each base32 character is 5 bits; the whole hex digits they fix narrow the query.
        let mut bits: u64 = 0;
        for c in code.bytes() {
            let v = BASE32.iter().position(|b| *b == c).unwrap_or(0) as u64;
            bits = (bits << 5) | v;
        }
        let nbits = 5 * code.len();
        let hex_digits = nbits / 4;
        let prefix = if hex_digits == 0 {
            String::new()
        } else {
            format!(
                "{:0width$x}",
                bits >> (nbits - 4 * hex_digits),
                width = hex_digits
            )
        };
        let matches = |guid: &str| ExcerptId::from_guid(guid).code().starts_with(&code);
        let mut found: Vec<CodingId> = store
            .codings_with_guid_prefix(&prefix)?
            .into_iter()
            .filter(|c| matches(&c.guid))
            .map(|c| c.id)
            .collect();
        if found.is_empty() {
            // GUIDs not made by Tamga have hashed ids; look at those too.
            found = store
                .coding_guids()?
                .into_iter()
                .filter(|(_, guid)| matches(guid))
                .map(|(id, _)| id)
                .collect();
        }
        return Ok(found);
    }
    let hex: String = input.trim().chars().filter(|c| *c != '-').collect();
    if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(StoreError::Invalid(format!(
            "not an excerpt id (like T-3F9A2C7K) or a GUID: {input}"
        )));
    }
    Ok(store
        .codings_with_guid_prefix(&hex)?
        .into_iter()
        .map(|c| c.id)
        .collect())
}
