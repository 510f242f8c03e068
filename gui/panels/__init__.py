"""The docks and dialogs beside the grid: problems, column profile, changes, repairs, export."""
