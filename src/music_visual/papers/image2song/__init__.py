"""Image2song (Li, Hu & Lu): image -> song retrieval via image tags and lyric words. Not built yet:
only the paper's own numbers (``paper.py``) are here, for the cross-paper table."""
