#!/usr/bin/env python3
"""Odoo's start script for ``tools/load.py``: ``python3 tools/odoo_server.py server -c ... --workers=4``.

A multi-process Odoo starts its websocket (bus) process by running its own start script again with
``gevent`` as the command (``PreforkServer.long_polling_spawn``: ``sys.executable, sys.argv[0]``):
``python3 -m odoo`` has no script of its own to run again, this file is one. The websocket process
needs gevent's dependencies at the versions ``requirements.txt`` pins.
"""

import sys

from odoo.cli.command import main

if __name__ == "__main__":
    sys.exit(main())
