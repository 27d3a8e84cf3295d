"""The generated music-video world behind the embedded default corpus."""
