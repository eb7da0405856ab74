//! Fuzzes the vtt importer: any bytes give text or an error, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tamga::import::{Format, extract};

fuzz_target!(
    init: {
        // libfuzzer-sys aborts on every panic, even one the importer catches on purpose (the
        // PDF and RTF crates run under catch_unwind); a panic that escapes is still caught by
        // libfuzzer-sys and reported as a crash.
        drop(std::panic::take_hook());
    },
    |data: &[u8]| {
        let _ = extract(Format::Vtt, data);
    }
);
