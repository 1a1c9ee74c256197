"""Hostile input (issue 9): busy. Inputs are generated here, never committed."""
