"""kehoach: the command line, a thin door onto the pipeline; one module per command or group.

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
    kehoach users add --name N --role drafter|reviewer|admin --unit CODE_OR_NAME   prints the token
    kehoach users list [--json]
    kehoach users revoke --name N | rotate --name N   no more sign-in | a new token printed

Exit status: 0 done, 1 findings (check), differences (diff), no unit found (units search) or
some units failed (batch), 2 bad input or a refused request.

The modules import the engine inside their handlers, so that each command loads only what it
uses (`kehoach kinds` does not load the web service).
"""

from service.cli.main import main

__all__ = ["main"]
