"""trailercheck: commit message and trailer checks for downstream Linux kernel trees."""

__version__ = "0.1.0"
