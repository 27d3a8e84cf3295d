"""S-DCCA (Zeng, Yu & Oyama): audio -> music video retrieval by supervised deep CCA. Not built yet:
only the paper's own numbers (``paper.py``) are here, for the cross-paper table."""
