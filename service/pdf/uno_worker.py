"""One warm LibreOffice, driven over UNO: started once, then converts .docx to PDF on request.

Run by a Python that has LibreOffice's `uno` module (Debian's python3-uno: `/usr/bin/python3`,
not the service's own Python), as `python3 uno_worker.py SOFFICE PROFILE_URL`.  It starts
`soffice` headless with its own profile, listening on a private pipe, prints `ready`, then reads
one job per line on stdin — `{"in": "/path/a.docx", "out": "/path/a.pdf"}` — and answers `ok` or
`error <why>` on stdout.  On end of input it closes LibreOffice.  The pool that runs it
(`service.pdf.pool`) kills the whole process group when it hangs or dies.
"""

import contextlib
import json
import os
import subprocess
import sys
import time
import uuid
from typing import Any

try:  # only the worker's own Python has LibreOffice's `uno` (the service's imports this module)
    import uno
    from com.sun.star.beans import PropertyValue
except ImportError:
    uno = PropertyValue = None


def prop(name: str, value: object) -> object:
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def start_office(soffice: str, profile: str, pipe: str) -> "subprocess.Popen[bytes]":
    return subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--nologo",
         "--norestore", "--nodefault", "--nolockcheck",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def connect(pipe: str, office: "subprocess.Popen[bytes]", wait: float = 90) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + wait
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def convert(desktop: Any, source: str, target: str) -> None:
    hidden = (prop("Hidden", True), prop("ReadOnly", True))
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, hidden)
    try:
        pdf_a = uno.Any("[]com.sun.star.beans.PropertyValue", (prop("SelectPdfVersion", 2),))
        doc.storeToURL(uno.systemPathToFileUrl(target),
                       (prop("FilterName", "writer_pdf_Export"), prop("FilterData", pdf_a)))
    finally:
        doc.close(True)


def main() -> None:
    soffice, profile = sys.argv[1], sys.argv[2]
    pipe = f"kehoach-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    office = start_office(soffice, profile, pipe)
    desktop = connect(pipe, office)
    print("ready", flush=True)
    for line in sys.stdin:
        job = json.loads(line)
        try:
            convert(desktop, job["in"], job["out"])
            print("ok", flush=True)
        except Exception as e:
            print("error " + " ".join(str(e).split()), flush=True)
            if office.poll() is not None:
                break
    with contextlib.suppress(Exception):
        desktop.terminate()
    try:
        office.wait(timeout=10)
    except subprocess.TimeoutExpired:
        office.kill()


if __name__ == "__main__":
    main()
