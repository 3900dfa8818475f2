"""The treasury (HELIOS, PES V2) simulator."""
