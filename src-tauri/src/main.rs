//! ArchDecide's entry point: one binary that opens the window, or runs a CLI subcommand
//! (no window) when one is given.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod app;
mod cli;
mod commands;
mod data_dir;
mod dialogs;
mod rooms;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    let data_dir = data_dir::resolve(args.data_dir.clone());
    match args.command {
        Some(command) => cli::run(command, &data_dir),
        None => app::run(data_dir),
    }
}
