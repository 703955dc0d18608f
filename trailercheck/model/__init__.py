"""The message model: subject, prefixes, body and trailer block of a commit message."""
