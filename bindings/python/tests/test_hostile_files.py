"""Hostile input (issue 9): files. Inputs are generated here, never committed."""
