"""Hostile input (issue 9): attrs. Inputs are generated here, never committed."""
