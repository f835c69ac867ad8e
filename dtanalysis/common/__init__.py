"""What every layer shares: the exception hierarchy and `Problem` (errors), text folding and file slugs
(text), and atomic writes (files).

May import: the standard library only. Everything else in dtanalysis may import this.
"""
