"""`python -m ops.demo`: the same as `petitions-ops demo`."""

from ops.demo.cli import main

raise SystemExit(main())
