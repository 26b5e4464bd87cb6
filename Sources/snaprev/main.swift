import SnaprevCLI

Snaprev.main()
