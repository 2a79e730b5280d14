"""The national register (radar, DOMAIN §4.10): a service of its own, deployed apart from Zicht.

Its settings (`zicht.register.settings`), database, URLs and process are its own; it imports no
Zicht app but `zicht.core`'s problem+json and input limits (pyproject.toml, contract "register").
Zicht is one of its clients (`zicht.radar`).
"""
