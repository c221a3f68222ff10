"""Human review: which cases to open, in which queue, by when."""
