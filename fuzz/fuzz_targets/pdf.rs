//! Fuzzes the PDF importer, with and without line joining.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tamga::import::{Format, ImportOptions, extract_with};

fuzz_target!(
    init: {
        // libfuzzer-sys aborts on every panic, even one the importer catches on purpose (the
        // PDF and RTF crates run under catch_unwind); a panic that escapes is still caught by
        // libfuzzer-sys and reported as a crash.
        drop(std::panic::take_hook());
    },
    |data: &[u8]| {
        let join_pdf_lines = data.first().is_some_and(|b| b & 1 == 1);
        let _ = extract_with(Format::Pdf, data, ImportOptions { join_pdf_lines });
    }
);
