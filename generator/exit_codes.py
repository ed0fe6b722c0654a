"""The `catalog` command's exit codes."""

EXIT_OK = 0
EXIT_PROBLEMS = 1
"""The inputs have errors (reported), or the command could not do what was asked."""
EXIT_USAGE = 2
"""Wrong arguments (argparse's own code)."""
EXIT_INTERNAL = 3
"""A bug: reported as one line, with `--debug` for the traceback."""
EXIT_INTERRUPTED = 130
