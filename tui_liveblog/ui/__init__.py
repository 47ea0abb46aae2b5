"""The Textual reader: widgets, screens and the app (the only package that imports Textual)."""
