"""Address books and the mutual friendship graph computed from them."""
