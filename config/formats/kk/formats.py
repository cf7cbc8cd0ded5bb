from ..common import *  # noqa: F403 (the same formats in every language; see common.py)
