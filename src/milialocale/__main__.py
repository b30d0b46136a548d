"""`python -m milialocale` runs the command line."""

from .cli import main, run

if __name__ == "__main__":
    run(main)
