"""`python -m bench.demo`: the talk's demo, live."""

import sys

from bench.demo.walkthrough import main

try:
    sys.exit(main())
except KeyboardInterrupt:
    # Ctrl-C mid-talk: stop quietly, no traceback on the projector.
    print("\ndemo: interrupted", file=sys.stderr)
    sys.exit(130)
