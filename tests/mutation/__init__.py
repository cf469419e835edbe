"""Mutation check of the visibility rule: every mutant of ``visibility.cypher`` must fail the visibility tests.

Run with ``python -m tests.mutation`` (``make mutants``). See ``mutants.py`` for the list.
"""
