"""Shared plumbing of the partner simulators: broker, CloudEvents, journal, control file, claim checks."""
