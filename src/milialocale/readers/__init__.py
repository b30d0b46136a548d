"""Readers turn files into parsed documents; they are the only modules that read input."""
