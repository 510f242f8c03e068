"""The window itself: start-up, the main window, its actions and menus, file handling, status and autosave."""
