"""`python -m service.store.migrations revision "what changes"`: the next revision's file."""

import sys

from service.store.migrations import new_revision

if len(sys.argv) != 3 or sys.argv[1] != "revision":
    sys.exit('usage: python -m service.store.migrations revision "what changes"')
new_revision(sys.argv[2])
