"""The packaged app's entry point (PyInstaller)."""

import multiprocessing
import sys

from desktop.main import main

if __name__ == "__main__":
    # A large build writes the index's rows in a process of its own, started by running this
    # executable again (index.py): freeze_support makes that run the work, not the app.
    multiprocessing.freeze_support()
    sys.exit(main())
