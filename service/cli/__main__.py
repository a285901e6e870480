"""`python -m service.cli …`: the same as `kehoach …`."""

from service.cli.main import main

raise SystemExit(main())
