"""tui-liveblog: read and follow news live blogs in the terminal."""

__version__ = "0.1.0"
