"""A submission file before anything runs it: read within bounds, checked (regular file,
UTF-8, parses), and a notebook turned into the Python file of its code cells.
"""
