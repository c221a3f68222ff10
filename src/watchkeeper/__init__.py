"""Watchkeeper: find violent threats, terrorist propaganda, ban evaders and coordinated
campaigns in a platform's event stream, decide by the operator's policy, and put what
needs a person in front of the right reviewer first."""

__version__ = "0.1.0"
