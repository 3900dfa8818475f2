"""The prefecture (ACTES) simulator."""
