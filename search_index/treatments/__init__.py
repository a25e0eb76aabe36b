"""Treatment options: what the documents say of each, sorted into the rows of a comparison."""
