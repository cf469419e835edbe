"""The handlers of the ``secret-graph`` commands, one module per command group.

Every handler takes the parsed arguments and the settings and returns the exit status;
``secret_graph/cli.py`` holds the argparse wiring of them all, in one place. Handlers import
what they use inside the function, so that ``secret-graph --help`` stays quick.
"""
