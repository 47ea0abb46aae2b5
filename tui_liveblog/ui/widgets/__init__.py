"""The reader's widgets: the timeline, the detail pane, the pinned strip, the filter bar, the
new-entries banner and the status bar."""
