"""A plan as plain text: for `kehoach text`, golden files and fidelity tests."""

from __future__ import annotations

from service.text.context import Block, DocContext


def block_text(b: Block) -> str:
    body = f"{b.lead}: {b.text}" if b.style == "inline" else b.text
    return f"{b.label} {body}" if b.label else body


def to_plain(ctx: DocContext) -> str:
    lines = [*ctx.agency_lines, ctx.number_line, "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
             "Độc lập - Tự do - Hạnh phúc", ctx.place_date, "", ctx.title, *ctx.trich_yeu, ""]
    lines += [block_text(b) for b in ctx.blocks]
    lines += ["", "Nơi nhận:", *ctx.recipients, "", *ctx.authority, "", ctx.signer_name]
    return "\n".join(lines).rstrip() + "\n"
