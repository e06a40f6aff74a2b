from kjdesk.cli import main

raise SystemExit(main())
