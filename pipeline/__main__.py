"""``python -m pipeline`` is the ``newsfacts`` command."""

from pipeline.cli import main

if __name__ == "__main__":
    main()
