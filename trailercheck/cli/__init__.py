"""Command line: a fast path for the commit-msg hook, typer for everything else."""
