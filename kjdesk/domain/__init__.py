"""The rules of the sci-tech finance service network: pure Python, no Qt, no SQL."""
