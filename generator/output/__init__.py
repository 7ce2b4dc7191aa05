"""Output: writing the built site to disk, all or nothing."""
