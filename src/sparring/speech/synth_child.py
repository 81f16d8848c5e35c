"""Provides synthesis in a child process, so a crashing speech engine cannot take the
caller with it and is reported (`sparring say`, which speaks whatever text it is given).

Run as `python -m sparring.speech.synth_child TEXT_FILE VOICE_JSON OUT_WAV STATUS_FILE`:
it writes OUT_WAV, or a JSON `{"message", "hint"}` to STATUS_FILE and exits 1.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import sparring
from sparring.core.content.models import Voice
from sparring.speech.chunks import speakable_chunks
from sparring.speech.engine import SpeechUnavailable
from sparring.speech.process import Child, ChildTimeout, signal_name

PIECE_TIMEOUT = 10.0
"""Seconds the engine may take for each piece of the text (see `speakable_chunks`)."""


def child_timeout(text: str) -> float:
    """How long the child may take: starting the engine, then each piece in its time."""
    return 15.0 + PIECE_TIMEOUT * max(1, len(speakable_chunks(text)))


def synthesize_in_child(
    text: str, voice: Voice | None, out: Path, *, timeout: float | None = None
) -> None:
    """Write `text` spoken in `voice` to `out` from a child process; SpeechUnavailable if the
    engine fails, crashes (a signal ends it) or takes longer than `timeout` seconds."""
    limit = child_timeout(text) if timeout is None else timeout
    with tempfile.TemporaryDirectory(prefix="sparring-say-") as folder:
        text_file, status = Path(folder) / "text.txt", Path(folder) / "status.json"
        text_file.write_text(text, encoding="utf-8", errors="replace")
        voice_json = (voice or Voice()).model_dump_json()
        argv = [sys.executable, "-m", __name__, str(text_file), voice_json, str(out), str(status)]
        child = _start(argv)
        try:
            code = child.wait(limit)
            stderr = child.stderr()
        except ChildTimeout:
            raise SpeechUnavailable(
                f"the speech engine did not finish in {limit:g} s; stopped it"
            ) from None
        finally:
            child.end()  # nothing left running, whatever ended the wait (Ctrl-C too)
            child.close()
        if code < 0:
            raise SpeechUnavailable(
                f"the speech engine crashed ({signal_name(code)}) on this text; "
                "try a shorter text or another voice",
                "report it with the text that crashed it; espeak-ng --version says which one",
            )
        if code != 0:
            raise _reported(status, code, stderr)


def _start(argv: list[str]) -> Child:
    # The child must import this package however the parent found it.
    env = dict(os.environ)
    package_root = str(Path(sparring.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    try:
        return Child(argv, env=env)
    except OSError as error:
        raise SpeechUnavailable(f"the speech process could not start ({error})") from error


def _reported(status: Path, code: int, stderr: bytes) -> SpeechUnavailable:
    """The error the child wrote, or its last line of complaint and exit status."""
    try:
        data = json.loads(status.read_text(encoding="utf-8"))
        return SpeechUnavailable(str(data["message"]), str(data.get("hint", "")))
    except (OSError, ValueError, KeyError, TypeError):
        lines = [ln for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
        last = f": {lines[-1].strip()[:160]}" if lines else ""
        return SpeechUnavailable(f"the speech process failed (exit status {code}{last})")


def main(argv: list[str]) -> int:
    """The child: synthesize, or write why not to the status file."""
    text_file, voice_json, out, status = argv
    from sparring.speech.engine import Engine

    try:
        voice = Voice.model_validate_json(voice_json)
        text = Path(text_file).read_text(encoding="utf-8")
        Engine.shared().synthesize(text, voice, Path(out), timeout=PIECE_TIMEOUT)
    except SpeechUnavailable as error:
        payload = {"message": error.message, "hint": error.hint}
        Path(status).write_text(json.dumps(payload), encoding="utf-8")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
