#!/usr/bin/env python3
"""Odoo's start script for ``tools/load.py``: the multi-process server, whose websocket process may not start.

In multi-process mode Odoo re-executes its start script with ``gevent`` for the websocket (bus)
process, and spawns it again as soon as it exits. Where gevent cannot start (on the reference machine
its plugin loader does not find the ``zope.interface`` metadata, and importing Odoo in that mode
fails), that is a respawn loop burning a core for the whole load test. The load test does not use
the bus: the websocket process is then replaced by one that waits to be stopped, and says so once.
"""

import signal
import sys

if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "gevent":
        try:
            from odoo.cli.command import main  # importing Odoo in this mode patches the standard library by gevent

            main()
        except Exception as exc:  # noqa: BLE001 (any failure of the websocket process is handled the same way)
            print(f"odoo_server.py: the websocket process cannot start ({exc!r}); waiting instead", file=sys.stderr)
            signal.pause()
    else:
        from odoo.cli.command import main

        main()
