"""Work off the window's thread: the task runner and workers, and the cycle collector kept in the window's thread."""
