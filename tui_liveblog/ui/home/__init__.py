"""The home screen: the saved blogs, each on a line or two, refreshed in the background
(:mod:`.app`), and the first screen of a user with none saved yet (:mod:`.start`)."""
