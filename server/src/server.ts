// Language server entry: built out by the foundation work (LSP wiring only).
