"""Hash banks: known terrorist media and text, matched and shared through python-threatexchange."""
