"""Models of the five papers and their baselines (one module or sub-package per family)."""
