"""The PySide6 client: thin screens over kjdesk.services."""
import sys

if sys.version_info < (3, 12):
    # PySide6 6.12 on Python 3.11 drops one reference to None on every call of a Qt method that
    # returns nothing (processEvents, setText, setValue, …); Python 3.12 made None immortal, which
    # hides the bug there. A session makes enough such calls to free None and abort with
    # "none_dealloc". Give None the practically unreachable reference count 3.12 gives it.
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 48
