"""Hostile input (issue 9): json. Inputs are generated here, never committed."""
