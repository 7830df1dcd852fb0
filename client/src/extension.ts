// Extension entry.
