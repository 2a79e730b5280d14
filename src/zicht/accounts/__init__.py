"""Staff users, roles, teams and two-factor login."""
