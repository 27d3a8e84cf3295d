"""Adapters: real data in its published formats -> the corpus schema (one module per source)."""
