"""ACP-Net (Verma, Dhekane & Guha): affective correspondence of music and images. Not built yet:
only the paper's own numbers (``paper.py``) are here, for the cross-paper table."""
