"""Hostile input (issue 9): hash. Inputs are generated here, never committed."""
