"""Record a run as a video: frames rendered from snapshots at a chosen size, then encoded."""
