"""kehoach: the command line, a thin door onto the pipeline.

    kehoach render REQUEST.(yaml|json) -o PLAN.docx [--review-copy]   comments: paragraph sources
    kehoach text REQUEST.(yaml|json)              the plan as plain text
    kehoach batch REQUEST [--categories FILE.csv] -o PLANS.zip    a province plan and its communes
    kehoach batch --province P --kind K --year Y -o PLANS.zip    one kind for every unit of P
        (batch: [--workers N] processes, default the number of CPUs; [--no-review])
    kehoach kinds [--json]
    kehoach units search TEXT [--province P] [--level L] [--legacy] [--json]
    kehoach check FILE.docx [--json] [--final] [--render]
    kehoach diff A.docx B.docx [--json] [--all]   paragraphs added, removed, changed
    kehoach library check
    kehoach serve [--host H] [--port P]
    kehoach users add --name N --role drafter|reviewer --unit CODE_OR_NAME   prints the token
    kehoach users list [--json]
    kehoach users revoke --name N | rotate --name N   no more sign-in | a new token printed

Exit status: 0 done, 1 findings (check), differences (diff) or some units failed (batch), 2 bad
input or a refused request.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from service.errors import PlanError

Handler = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return handler(args)
    except PlanError as e:
        print(f"lỗi: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kehoach", description="Soạn kế hoạch theo Nghị định 30/2020")
    sub = p.add_subparsers()
    r = sub.add_parser("render", help="dựng tệp .docx từ một yêu cầu")
    r.add_argument("request", type=Path)
    r.add_argument("-o", "--output", type=Path, required=True)
    r.add_argument("--review-copy", action="store_true",
                   help="bản để duyệt: mỗi đoạn có ghi chú nguồn (điều khoản, phiên bản thư viện)")
    r.set_defaults(handler=_render)
    t = sub.add_parser("text", help="in kế hoạch dạng văn bản thuần")
    t.add_argument("request", type=Path)
    t.set_defaults(handler=_text)
    _batch_parser(sub)
    k = sub.add_parser("kinds", help="các loại kế hoạch")
    k.add_argument("--json", action="store_true")
    k.set_defaults(handler=_kinds)
    u = sub.add_parser("units", help="tra cứu đơn vị hành chính").add_subparsers()
    us = u.add_parser("search")
    us.add_argument("text")
    us.add_argument("--province", type=int)
    us.add_argument("--level")
    us.add_argument("--legacy", action="store_true", help="đơn vị trước ngày 01/7/2025")
    us.add_argument("--json", action="store_true")
    us.add_argument("--limit", type=int, default=20)
    us.set_defaults(handler=_units_search)
    c = sub.add_parser("check", help="kiểm tra thể thức một tệp .docx (Nghị định 30/2020)")
    c.add_argument("file", type=Path)
    c.add_argument("--json", action="store_true")
    c.add_argument("--final", action="store_true", help="bản chính thức: số, ngày, tên phải đủ")
    c.add_argument("--render", action="store_true", help="dựng bằng LibreOffice để đo dòng")
    c.set_defaults(handler=_check)
    d = sub.add_parser("diff", help="so sánh hai tệp .docx theo từng đoạn, từng từ")
    d.add_argument("a", type=Path)
    d.add_argument("b", type=Path)
    d.add_argument("--json", action="store_true")
    d.add_argument("--all", action="store_true", help="in cả các đoạn giống nhau")
    d.set_defaults(handler=_diff)
    lib = sub.add_parser("library", help="thư viện điều khoản").add_subparsers()
    lib.add_parser("check").set_defaults(handler=_library_check)
    s = sub.add_parser("serve", help="chạy dịch vụ web")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(handler=_serve)
    from service.store.users_cli import add_parser as users_parser

    users_parser(sub)
    return p


def _batch_parser(sub: Any) -> None:
    b = sub.add_parser("batch", help="dựng hàng loạt: kế hoạch tỉnh và kế hoạch từng xã, phường")
    b.add_argument("request", type=Path, nargs="?", help="yêu cầu kế hoạch tỉnh (phân loại xã)")
    b.add_argument("--categories", type=Path, help="CSV: mã hoặc tên đơn vị, phân loại[, JSON]")
    b.add_argument("--province", help="tên hoặc mã số tỉnh, thành phố")
    b.add_argument("--kind", help="loại kế hoạch cho mọi đơn vị phù hợp của tỉnh")
    b.add_argument("--year", type=int, help="năm kế hoạch (cùng --province, --kind)")
    b.add_argument("-o", "--output", type=Path, required=True)
    b.add_argument("--no-review", action="store_true", help="không kiểm tra thể thức từng tệp")
    b.add_argument("--workers", type=int, default=None,
                   help="số tiến trình dựng song song (mặc định: số nhân CPU; 1: tuần tự)")
    b.set_defaults(handler=_batch)


def _batch(args: argparse.Namespace) -> int:
    from service.batch.cli import run

    return run(args)


def _render(args: argparse.Namespace) -> int:
    from service.deps import default_deps
    from service.pipeline import build_plan
    from service.spec import load_request

    result = build_plan(load_request(args.request), default_deps())
    data = result.docx
    if args.review_copy:
        from service.document.review_copy import review_copy

        data = review_copy(result.plan.context, data)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"{args.output} ({len(data)} bytes, {result.plan.unit.label})", file=sys.stderr)
    return 0


def _text(args: argparse.Namespace) -> int:
    from service.deps import default_deps
    from service.pipeline import compose_plan
    from service.spec import load_request
    from service.text.plain import to_plain

    sys.stdout.write(to_plain(compose_plan(load_request(args.request), default_deps()).context))
    return 0


def _kinds(args: argparse.Namespace) -> int:
    from service.deps import default_deps

    kinds = [{"id": k.id, "title": k.title, "levels": list(k.levels), "tier": k.tier,
              "eras": list(k.eras), "source": k.source}
             for k in sorted(default_deps().library.kinds.values(), key=lambda k: k.id)]
    if args.json:
        print(json.dumps(kinds, ensure_ascii=False, indent=2))
    else:
        for k in kinds:
            print(f"{k['id']:<24} {k['title']}  [{', '.join(k['levels'])}]")
    return 0


def _units_search(args: argparse.Namespace) -> int:
    from service.deps import default_deps
    from service.units import Era

    era = Era.LEGACY if args.legacy else Era.CURRENT
    units = default_deps().units.search(args.text, era=era, province=args.province,
                                        level=args.level, limit=args.limit)
    if args.json:
        print(json.dumps([{"code": u.code, "name": u.official, "level": u.level,
                           "tier": u.tier.value, "label": u.label} for u in units],
                         ensure_ascii=False, indent=2))
    else:
        for u in units:
            print(f"{u.code:>6}  {u.label}")
    if not units:
        print(f"không tìm thấy “{args.text}”", file=sys.stderr)
        return 1
    return 0


def _check(args: argparse.Namespace) -> int:
    from service.deps import default_deps
    from service.errors import RequestError
    from service.review import check_docx, to_json

    if not args.file.is_file():
        raise RequestError(f"Không có tệp {args.file}")
    findings = check_docx(args.file, default_deps(), final=args.final, render_check=args.render)
    if args.json:
        print(json.dumps(to_json(findings), ensure_ascii=False, indent=2))
    else:
        for f in findings:
            where = f"đoạn {f.where.paragraph}" if f.where.paragraph >= 0 else f.where.part
            print(f"{f.severity:<7} {f.rule:<22} {where}: {f.message} ({f.source})")
        print(f"{len(findings)} phát hiện", file=sys.stderr)
    return 1 if any(f.severity == "error" for f in findings) else 0


def _diff(args: argparse.Namespace) -> int:
    from service.compare.diff import diff_paragraphs, paragraphs, to_text
    from service.errors import RequestError

    for path in (args.a, args.b):
        if not path.is_file():
            raise RequestError(f"Không có tệp {path}")
    result = diff_paragraphs(*(paragraphs(p, field=str(p)) for p in (args.a, args.b)))
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        for line in to_text(result, everything=args.all):
            print(line)
        s = result.summary
        print(f"{s.equal} đoạn giống, {s.changed} đoạn sửa, {s.added} đoạn thêm, "
              f"{s.removed} đoạn bớt", file=sys.stderr)
    return 0 if result.identical else 1


def _library_check(args: argparse.Namespace) -> int:
    from service.library.loader import load_library

    lib = load_library()
    print(f"thư viện {lib.version}: {len(lib.clauses)} điều khoản, {len(lib.kinds)} loại kế hoạch,"
          f" {len(lib.agencies)} vai trò cơ quan, {len(lib.legal)} văn bản căn cứ")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.store.users_cli import sign_in_hint

    if hint := sign_in_hint(f"http://{args.host}:{args.port}"):
        print(hint, file=sys.stderr)
    uvicorn.run("service.api.app:create_app", factory=True, host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
