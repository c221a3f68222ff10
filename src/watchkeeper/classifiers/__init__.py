"""Statistical threat and extremism classifiers, and the evidence extracted beside them."""
