use clap::{Parser, Subcommand};

use evalform::{batch, diff};

#[derive(Parser)]
#[command(name = "evalform", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Batch(batch::cli::BatchArgs),
    Diff(diff::DiffArgs),
    Schema(evalform::emit::SchemaArgs),
    /// Internal: one file in an isolated worker process of `batch`.
    #[command(name = "__extract-one", hide = true)]
    ExtractOne(batch::worker::WorkerArgs),
}

fn main() {
    let cli = Cli::parse();
    let code = match &cli.command {
        Command::Batch(args) => args.run(),
        Command::Diff(args) => args.run(),
        Command::Schema(args) => args.run(),
        Command::ExtractOne(args) => batch::worker::run(args),
    };
    std::process::exit(code);
}
