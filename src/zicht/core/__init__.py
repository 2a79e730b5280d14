"""The UI shell: home, about, error pages, system checks and the demo data command."""
