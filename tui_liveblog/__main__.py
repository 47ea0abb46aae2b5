from tui_liveblog.cli import main

raise SystemExit(main())
