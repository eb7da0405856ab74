//! Fuzzes the REFI-QDA `.qde`/`.qdc` reader with position inference on inline texts: any bytes
//! give an exchange or an error, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(read) = tamga::exchange::read_qdc(data) {
        // The report must be printable whatever the input held.
        let _ = read.report.to_text();
    }
});
