"""Sub-commands of `parley`, one module per group; each has a `register(subparsers)`."""
