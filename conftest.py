"""Root pytest configuration: doctests run over src/wpikg, except the ``-m`` entry point."""

collect_ignore = ["src/wpikg/__main__.py"]
