"""Contacts and reports (meldingen): the front door of Veilig Thuis."""
