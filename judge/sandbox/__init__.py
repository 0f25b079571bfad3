"""How a runner process is confined: its files, environment and resource limits."""
