"""`kehoach serve [--host H] [--port P]`: the web service (uvicorn over `create_app`)."""

from __future__ import annotations

import argparse
import sys

from service.cli.common import Subparsers


def add_parser(sub: Subparsers) -> None:
    s = sub.add_parser("serve", help="chạy dịch vụ web")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(handler=serve)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.cli.users import sign_in_hint

    if hint := sign_in_hint(f"http://{args.host}:{args.port}"):
        print(hint, file=sys.stderr)
    uvicorn.run("service.api.app:create_app", factory=True, host=args.host, port=args.port)
    return 0
