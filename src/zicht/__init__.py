"""Zicht: the case system for a Veilig Thuis organisation."""
