"""Dataset views: what each paper reads from a corpus (pairs, splits, annotations)."""
