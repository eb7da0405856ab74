//! The `tamga` binary: the window when run without a subcommand, else a headless command.

mod cli;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{CommandFactory as _, Parser as _};

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    if let Some(message) = cli::unknown_command(&args, &cli::Cli::command()) {
        eprintln!("tamga: {message}");
        return ExitCode::from(2);
    }
    let cli = cli::Cli::parse_from(args);
    let log = if cli.command.is_some() {
        tamga::logging::Target::Stderr {
            verbosity: cli.verbose,
        }
    } else {
        tamga::logging::Target::File
    };
    tamga::logging::init(log);
    match cli.command {
        Some(command) => match cli::run(command, cli.coder.as_deref()) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
            Err(e) => {
                tracing::error!("{e:#}");
                eprintln!("tamga: {e:#}");
                ExitCode::FAILURE
            }
        },
        None => open_window(cli.file, cli.coder),
    }
}

/// Output cut short by the reader (`| head`) is not a failure.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(feature = "gui")]
fn open_window(file: Option<std::path::PathBuf>, coder: Option<String>) -> ExitCode {
    match tamga::app::run(file, coder) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("tamga: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_window(_file: Option<std::path::PathBuf>, _coder: Option<String>) -> ExitCode {
    eprintln!(
        "tamga: this build has no window (built without the `gui` feature); run `tamga --help` for the commands"
    );
    ExitCode::from(2)
}
