"""Publishing: exports, release bundle and the evidence site, all written under dist/."""
