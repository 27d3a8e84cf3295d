"""Experiment runners of the papers: model registries, sweeps over seeds, claims."""
