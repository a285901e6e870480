"""kehoach: drafts Vietnamese official plans (KẾ HOẠCH) from a clause library.

Data flow, one path and several doors (CLI, API, web form, batch):

    request -> spec.PlanRequest -> units.resolve -> library.select
            -> text.compose -> document.render -> review.check

`service.pipeline.build_plan` is the only function that runs the stages in order.
"""

__version__ = "0.1.0"
