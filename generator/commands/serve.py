"""`catalog serve`: live preview that regenerates the pages a change touches and shows the
catalog's errors in the browser until they are fixed."""

from __future__ import annotations

import argparse
import ipaddress

from generator.exit_codes import EXIT_OK
from generator.project import Project

HELP = "live preview that rebuilds when sources change and shows errors in the browser"


def address(text: str) -> str:
    """`IP:PORT` (`localhost:8000`, `[::1]:8000` for IPv6), checked before anything starts."""
    host, sep, port = text.rpartition(":")
    try:
        if host != "localhost":
            ipaddress.ip_address(host.removeprefix("[").removesuffix("]"))
        valid = bool(sep) and 0 <= int(port) <= 65535
    except ValueError:
        valid = False
    if not valid:
        raise argparse.ArgumentTypeError(f"{text!r} is not IP:PORT, e.g. 127.0.0.1:8000")
    return text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dev-addr", type=address, default="127.0.0.1:8000", help="IP:PORT to serve on"
    )


def run(project: Project, args: argparse.Namespace) -> int:
    from generator.serve import serve

    serve(project, args.dev_addr)
    return EXIT_OK
