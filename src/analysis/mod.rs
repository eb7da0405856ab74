//! Pure computations over a project's codings: intercoder agreement.

pub mod agreement;
