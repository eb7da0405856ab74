//! Fuzzes the `.qdpx` package reader (zip, caps, `.qde`, sources): never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = tamga::exchange::read_qdpx(data);
});
