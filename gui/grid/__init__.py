"""A file's grid: the Qt model over a core Table, the cell editor, marks, editing tools, view sort/filter and Find."""
