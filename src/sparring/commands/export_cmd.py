"""Provides `sparring export`: one saved session as Markdown or JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the subcommand."""
    parser = sub.add_parser(
        "export",
        parents=[common],
        help="write a saved session as Markdown or JSON",
        description="Write a saved session out; ids are listed by `sparring history`.",
    )
    parser.add_argument("session_id", metavar="SESSION_ID", help="the session's id")
    parser.add_argument(
        "--format", choices=("md", "json"), default="md", help="md (a document) or json"
    )
    parser.add_argument(
        "--out", metavar="FILE", type=Path, help="write to FILE (private, 0600) instead of stdout"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Export the session; an unknown id is an error with exit status 1."""
    from sparring.core.history import export as session_export
    from sparring.core.history.rows import damaged_notice
    from sparring.core.history.store import Store, StoreError, default_path
    from sparring.core.text import json_safe

    try:
        session_id = int(args.session_id)
    except ValueError:
        print(f"sparring: {args.session_id!r} is not a session id (a number)", file=sys.stderr)
        return 1
    if not 0 < session_id < 2**63:  # SQLite keeps ids as positive 64-bit integers
        print(f"sparring: no session {session_id}; `sparring history` lists them", file=sys.stderr)
        return 1
    path = default_path()
    if not path.exists():
        print(f"sparring: no session {session_id}: nothing saved yet", file=sys.stderr)
        return 1
    try:
        with Store.open(path) as store:
            if store.notice:
                print(f"sparring: {store.notice.message}", file=sys.stderr)
            detail = store.session(session_id)
            if notice := damaged_notice(len(store.damaged)):
                print(f"sparring: {notice} in {path}", file=sys.stderr)
    except StoreError as error:
        print(f"sparring: {error}", file=sys.stderr)
        return 1
    if detail is None and ("session", session_id) in store.damaged:
        print(f"sparring: session {session_id} is damaged and cannot be read", file=sys.stderr)
        return 1
    if detail is None:
        print(f"sparring: no session {session_id}; `sparring history` lists them", file=sys.stderr)
        return 1
    if args.format == "json":
        text = json_safe(json.dumps(session_export.to_json(detail), indent=2, ensure_ascii=False))
        text += "\n"
    else:
        text = session_export.to_markdown(detail, _theme_titles(args))
    if args.out is None:
        sys.stdout.write(text)
        return 0
    try:
        session_export.write_private(args.out, text)
    except OSError as error:
        print(f"sparring: cannot write {args.out}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"sparring: wrote session {session_id} to {args.out}", file=sys.stderr)
    return 0


def _theme_titles(args: argparse.Namespace) -> dict[str, str]:
    """Theme titles from the loaded content, for headings; the ids do if none load."""
    from sparring.commands import load

    return dict(load(args).theme_titles)
