"""Where messages come from: a message file (hook input), patch files and mboxes, git."""
